using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// The header common to every RTCP packet (RFC 3550 §6.4.1).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| RC/FMT  |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// length is the packet size in 32-bit words minus one. With P set, the last byte of the packet counts the
/// padding bytes, itself included.
/// </summary>
public readonly struct RtcpHeader
{
    /// <summary>Size of the common header.</summary>
    public const int Size = 4;

    private RtcpHeader(byte b0, byte packetType, ushort lengthInWords, int paddingLength)
    {
        Version = (byte)(b0 >> 6);
        Padding = (b0 & 0x20) != 0;
        Count = b0 & 0x1F;
        PacketType = packetType;
        LengthInWords = lengthInWords;
        PaddingLength = paddingLength;
    }

    /// <summary>Version, 2 after a successful parse.</summary>
    public byte Version { get; }
    /// <summary>P: padding at the end of this packet.</summary>
    public bool Padding { get; }
    /// <summary>Report count (SR, RR), source count (SDES, BYE) or feedback message type (RTPFB, PSFB).</summary>
    public int Count { get; }
    /// <summary>PT, see <see cref="RtcpPacketType"/>.</summary>
    public byte PacketType { get; }
    /// <summary>The length field: words minus one.</summary>
    public ushort LengthInWords { get; }
    /// <summary>Size of the whole packet in bytes, header and padding included.</summary>
    public int TotalLength => (LengthInWords + 1) * 4;
    /// <summary>Padding bytes at the end of the packet (0 when P is clear).</summary>
    public int PaddingLength { get; }

    /// <summary>
    /// Parses the header of the first packet in <paramref name="packet"/>: version 2, the whole packet (by its
    /// length field) inside the span, and a padding count between 1 and the body size.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpHeader header)
    {
        header = default;
        if (packet.Length < Size || packet[0] >> 6 != 2)
        {
            return false;
        }

        var words = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var total = (words + 1) * 4;
        if (total > packet.Length)
        {
            return false;
        }

        var padding = 0;
        if ((packet[0] & 0x20) != 0)
        {
            padding = packet[total - 1];
            if (padding == 0 || padding > total - Size)
            {
                return false;
            }
        }

        header = new RtcpHeader(packet[0], packet[1], words, padding);
        return true;
    }

    /// <summary>
    /// Writes a header (P clear) for a packet of <paramref name="totalLength"/> bytes, a multiple of 4.
    /// </summary>
    public static void Write(Span<byte> dest, int count, byte packetType, int totalLength)
    {
        dest[0] = (byte)(0x80 | (count & 0x1F));
        dest[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(dest[2..], (ushort)((totalLength / 4) - 1));
    }

    /// <summary>
    /// Parses the header and checks the packet type (and, for feedback, the FMT); <paramref name="body"/> is the
    /// packet after the 4-byte header with padding removed.
    /// </summary>
    internal static bool TryParseBody(ReadOnlySpan<byte> packet, byte packetType, int format, out RtcpHeader header,
        out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!TryParse(packet, out header) || header.PacketType != packetType || (format >= 0 && header.Count != format))
        {
            return false;
        }

        body = packet[Size..(header.TotalLength - header.PaddingLength)];
        return true;
    }
}
