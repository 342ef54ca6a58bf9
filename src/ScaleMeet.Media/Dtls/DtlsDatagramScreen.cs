namespace ScaleMeet.Media.Dtls;

/// <summary>
/// Structural screen applied to every inbound datagram before BouncyCastle sees it. Epoch-0 records carry no MAC,
/// and BouncyCastle 1.8.10 lets any epoch-0 record move its replay window and pin the record version, so a stray
/// datagram could stall a handshake. We accept only datagrams made of well-framed records (RFC 6347 §4.1) whose
/// epoch-0 content is itself well framed:
/// <list type="bullet">
/// <item>handshake: back-to-back fragments (§4.2.2) of a known message type exactly filling the record;</item>
/// <item>change_cipher_spec: the single byte 1 (RFC 5246 §7.1); alert: level 1 or 2 plus a description (§7.2);</item>
/// <item>application_data and heartbeat are never valid in epoch 0.</item>
/// </list>
/// Records of later epochs are encrypted: only their framing is checked (their MAC is BouncyCastle's job).
/// </summary>
internal static class DtlsDatagramScreen
{
    public static bool IsAcceptable(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }

        while (!datagram.IsEmpty)
        {
            if (!DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header) || datagram.Length - DtlsRecordHeader.Size < header.Length)
            {
                return false;
            }

            ReadOnlySpan<byte> fragment = datagram.Slice(DtlsRecordHeader.Size, header.Length);
            if (header.Epoch == 0 && !IsAcceptablePlaintext(header.ContentType, fragment))
            {
                return false;
            }

            datagram = datagram[(DtlsRecordHeader.Size + header.Length)..];
        }

        return true;
    }

    private static bool IsAcceptablePlaintext(byte contentType, ReadOnlySpan<byte> fragment) => contentType switch
    {
        DtlsRecordHeader.ChangeCipherSpec => fragment.Length == 1 && fragment[0] == 1,
        DtlsRecordHeader.Alert => fragment.Length == 2 && fragment[0] is 1 or 2,
        DtlsRecordHeader.Handshake => AreHandshakeFragments(fragment),
        _ => false,
    };

    private static bool AreHandshakeFragments(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            return false;
        }

        while (!record.IsEmpty)
        {
            if (!DtlsHandshakeHeader.TryParse(record, out DtlsHandshakeHeader header)
                || !IsKnownPlaintextMessage(header.MessageType)
                || record.Length - DtlsHandshakeHeader.Size < header.FragmentLength)
            {
                return false;
            }

            record = record[(DtlsHandshakeHeader.Size + header.FragmentLength)..];
        }

        return true;
    }

    /// <summary>Handshake types that travel in epoch 0 (RFC 5246 §7.4, RFC 6347 §4.2.1, RFC 5077 §3.3).</summary>
    private static bool IsKnownPlaintextMessage(byte type) => type is 0 or 1 or 2 or 3 or 4 or (>= 11 and <= 16);
}
