namespace ScaleMeet.Media.Dtls;

/// <summary>
/// Structural screen applied to every inbound datagram before BouncyCastle sees it. Epoch-0 records carry no MAC:
/// BouncyCastle lets any of them move its epoch-0 replay window, pin the record version and, worst, size a
/// reassembly buffer from a fragment's declared message length. We accept only datagrams made of well-framed
/// records (RFC 6347 §4.1):
/// <list type="bullet">
/// <item>epoch 0, handshake: back-to-back fragments (§4.2.2) of a known message type exactly filling the record,
/// none declaring a message longer than the cap (<see cref="DtlsScreenVerdict.OversizeMessage"/>);</item>
/// <item>epoch 0, change_cipher_spec: the single byte 1 (RFC 5246 §7.1); alert: level 1 or 2 plus a description
/// (§7.2); application_data and heartbeat are never valid in epoch 0;</item>
/// <item>epoch 1 (the only other epoch without renegotiation): alert, handshake or application_data, at least
/// <see cref="DtlsSrtpNegotiation.EncryptedRecordOverhead"/> bytes long. A shorter one cannot hold an AES-GCM
/// nonce and tag, and BouncyCastle answers it with a fatal decode_error instead of discarding it. Whether the
/// record authenticates is BouncyCastle's job: it drops a bad tag without touching its replay window.</item>
/// </list>
/// Stateless and allocation-free; the per-handshake byte budget is <see cref="DtlsHandshakeBudget"/>'s.
/// </summary>
internal static class DtlsDatagramScreen
{
    /// <summary>The screen with the default cap (<see cref="DtlsEndpointSettings.DefaultMaxHandshakeMessageSize"/>); a fuzz target.</summary>
    public static bool IsAcceptable(ReadOnlySpan<byte> datagram) =>
        Screen(datagram, DtlsEndpointSettings.DefaultMaxHandshakeMessageSize) == DtlsScreenVerdict.Accepted;

    /// <summary>Screens one datagram; <paramref name="maxHandshakeMessageSize"/> caps every fragment's declared message length.</summary>
    public static DtlsScreenVerdict Screen(ReadOnlySpan<byte> datagram, int maxHandshakeMessageSize)
    {
        if (datagram.IsEmpty)
        {
            return DtlsScreenVerdict.Malformed;
        }

        var verdict = DtlsScreenVerdict.Accepted;
        while (!datagram.IsEmpty)
        {
            if (!DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header) || datagram.Length - DtlsRecordHeader.Size < header.Length)
            {
                return DtlsScreenVerdict.Malformed;
            }

            ReadOnlySpan<byte> fragment = datagram.Slice(DtlsRecordHeader.Size, header.Length);
            DtlsScreenVerdict record = header.Epoch switch
            {
                0 => ScreenPlaintext(header.ContentType, fragment, maxHandshakeMessageSize),
                1 => IsAcceptableEncrypted(header.ContentType, fragment.Length) ? DtlsScreenVerdict.Accepted : DtlsScreenVerdict.Malformed,
                _ => DtlsScreenVerdict.Malformed,
            };
            if (record == DtlsScreenVerdict.Malformed)
            {
                return record;
            }

            if (record == DtlsScreenVerdict.OversizeMessage)
            {
                verdict = record;
            }

            datagram = datagram[(DtlsRecordHeader.Size + header.Length)..];
        }

        return verdict;
    }

    /// <summary>The number of records in a datagram the screen accepted.</summary>
    public static int CountRecords(ReadOnlySpan<byte> datagram)
    {
        int count = 0;
        while (DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header) && datagram.Length - DtlsRecordHeader.Size >= header.Length)
        {
            count++;
            datagram = datagram[(DtlsRecordHeader.Size + header.Length)..];
        }

        return count;
    }

    /// <summary>True when every record is an epoch-1 alert: all the peer may send once the association has settled.</summary>
    public static bool IsOnlyEncryptedAlerts(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }

        while (!datagram.IsEmpty)
        {
            if (!DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header) || datagram.Length - DtlsRecordHeader.Size < header.Length
                || header.Epoch != 1 || header.ContentType != DtlsRecordHeader.Alert)
            {
                return false;
            }

            datagram = datagram[(DtlsRecordHeader.Size + header.Length)..];
        }

        return true;
    }

    private static bool IsAcceptableEncrypted(byte contentType, int length) =>
        contentType is DtlsRecordHeader.Alert or DtlsRecordHeader.Handshake or DtlsRecordHeader.ApplicationData
        && length >= DtlsSrtpNegotiation.EncryptedRecordOverhead;

    private static DtlsScreenVerdict ScreenPlaintext(byte contentType, ReadOnlySpan<byte> fragment, int maxHandshakeMessageSize) => contentType switch
    {
        DtlsRecordHeader.ChangeCipherSpec => fragment.Length == 1 && fragment[0] == 1 ? DtlsScreenVerdict.Accepted : DtlsScreenVerdict.Malformed,
        DtlsRecordHeader.Alert => fragment.Length == 2 && fragment[0] is 1 or 2 ? DtlsScreenVerdict.Accepted : DtlsScreenVerdict.Malformed,
        DtlsRecordHeader.Handshake => ScreenHandshakeFragments(fragment, maxHandshakeMessageSize),
        _ => DtlsScreenVerdict.Malformed,
    };

    private static DtlsScreenVerdict ScreenHandshakeFragments(ReadOnlySpan<byte> record, int maxHandshakeMessageSize)
    {
        if (record.IsEmpty)
        {
            return DtlsScreenVerdict.Malformed;
        }

        var verdict = DtlsScreenVerdict.Accepted;
        while (!record.IsEmpty)
        {
            if (!DtlsHandshakeHeader.TryParse(record, out DtlsHandshakeHeader header)
                || !IsKnownPlaintextMessage(header.MessageType)
                || record.Length - DtlsHandshakeHeader.Size < header.FragmentLength)
            {
                return DtlsScreenVerdict.Malformed;
            }

            if (header.Length > maxHandshakeMessageSize)
            {
                verdict = DtlsScreenVerdict.OversizeMessage;
            }

            record = record[(DtlsHandshakeHeader.Size + header.FragmentLength)..];
        }

        return verdict;
    }

    /// <summary>Handshake types that travel in epoch 0 (RFC 5246 §7.4, RFC 6347 §4.2.1, RFC 5077 §3.3).</summary>
    private static bool IsKnownPlaintextMessage(byte type) => type is 0 or 1 or 2 or 3 or 4 or (>= 11 and <= 16);
}
