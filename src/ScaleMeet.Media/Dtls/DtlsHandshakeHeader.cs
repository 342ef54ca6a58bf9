using System.Buffers.Binary;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The DTLS handshake message header that starts every handshake fragment (RFC 6347 §4.2.2).
/// We read it only to screen epoch-0 records (which carry no MAC) before BouncyCastle sees them.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    msg_type   |                 length (24 bits)              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          message_seq          |    fragment_offset (24 bits)  ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~               |        fragment_length (24 bits)              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly record struct DtlsHandshakeHeader(byte MessageType, int Length, ushort MessageSequence, int FragmentOffset, int FragmentLength)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 12;

    private const int MaxUInt24 = 0xFFFFFF;

    /// <summary>Reads the header; false when truncated or when the fragment does not lie inside the message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out DtlsHandshakeHeader header)
    {
        header = default;
        if (data.Length < Size)
        {
            return false;
        }

        int length = ReadUInt24(data[1..]);
        int offset = ReadUInt24(data[6..]);
        int fragmentLength = ReadUInt24(data[9..]);
        if (offset + fragmentLength > length)
        {
            return false;
        }

        header = new DtlsHandshakeHeader(data[0], length, BinaryPrimitives.ReadUInt16BigEndian(data[4..]), offset, fragmentLength);
        return true;
    }

    /// <summary>Writes the 12-byte header; false when the destination is too small or a field exceeds 24 bits.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Length is < 0 or > MaxUInt24 || FragmentOffset is < 0 or > MaxUInt24
            || FragmentLength is < 0 or > MaxUInt24)
        {
            return false;
        }

        destination[0] = MessageType;
        WriteUInt24(destination[1..], Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], MessageSequence);
        WriteUInt24(destination[6..], FragmentOffset);
        WriteUInt24(destination[9..], FragmentLength);
        written = Size;
        return true;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> data) => (data[0] << 16) | (data[1] << 8) | data[2];

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }
}
