using System.Buffers.Binary;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The DTLS record header (RFC 6347 §4.1). We only read it to screen datagrams before BouncyCastle sees them:
/// random bytes that pass the RFC 7983 first-byte test must not reach the handshake state machine.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ContentType  |    ProtocolVersion (FE FD = 1.2) |    epoch   ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~   epoch (cont.)  |         sequence_number (48 bits)         ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                  |            length             |  fragment …
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// A datagram may carry several records back to back (RFC 6347 §4.1.1); see <see cref="DtlsDatagramScreen"/>.
/// </summary>
internal readonly record struct DtlsRecordHeader(byte ContentType, ushort Version, ushort Epoch, ulong SequenceNumber, ushort Length)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 13;

    /// <summary>RFC 6347 §4.1: a fragment may not exceed 2^14 bytes plus 2048 bytes of cipher expansion.</summary>
    public const int MaxFragmentLength = (1 << 14) + 2048;

    public const byte ChangeCipherSpec = 20;
    public const byte Alert = 21;
    public const byte Handshake = 22;
    public const byte ApplicationData = 23;
    public const byte Heartbeat = 24;

    private const ulong MaxSequenceNumber = (1UL << 48) - 1;

    /// <summary>Reads the header at the start of <paramref name="data"/>; false when truncated or when a field is invalid.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out DtlsRecordHeader header)
    {
        header = default;
        if (data.Length < Size)
        {
            return false;
        }

        byte contentType = data[0];
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
        ushort length = BinaryPrimitives.ReadUInt16BigEndian(data[11..]);
        // DTLS versions are 1's complement of TLS: 1.0 = FE FF, 1.2 = FE FD; anything but major FE is not DTLS.
        if (contentType is < ChangeCipherSpec or > Heartbeat || (version >> 8) != 0xFE || length > MaxFragmentLength)
        {
            return false;
        }

        ulong sequence = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(data[5..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(data[7..]);
        header = new DtlsRecordHeader(contentType, version, BinaryPrimitives.ReadUInt16BigEndian(data[3..]), sequence, length);
        return true;
    }

    /// <summary>Writes the 13-byte header; false when <paramref name="destination"/> is too small or the sequence exceeds 48 bits.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || SequenceNumber > MaxSequenceNumber)
        {
            return false;
        }

        destination[0] = ContentType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Version);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Epoch);
        BinaryPrimitives.WriteUInt16BigEndian(destination[5..], (ushort)(SequenceNumber >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[7..], (uint)SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[11..], Length);
        written = Size;
        return true;
    }
}
