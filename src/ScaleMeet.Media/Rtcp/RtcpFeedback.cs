using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// The common layout of RTPFB and PSFB feedback messages (RFC 4585 §6.1), shared by the feedback types.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|   FMT   |       PT      |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// :            Feedback Control Information (FCI)                 :
/// </code>
/// </summary>
internal static class RtcpFeedback
{
    /// <summary>Header plus both SSRCs.</summary>
    public const int HeaderSize = 12;

    /// <summary>Parses the common part; <paramref name="fci"/> is what follows the media SSRC, padding removed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, byte packetType, int format, out uint senderSsrc,
        out uint mediaSsrc, out ReadOnlySpan<byte> fci)
    {
        senderSsrc = mediaSsrc = 0;
        fci = default;
        if (!RtcpHeader.TryParseBody(packet, packetType, format, out _, out var body) || body.Length < 8)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        fci = body[8..];
        return true;
    }

    /// <summary>Writes the header and both SSRCs of a <paramref name="totalLength"/>-byte message.</summary>
    public static void Write(Span<byte> dest, byte packetType, int format, int totalLength, uint senderSsrc,
        uint mediaSsrc)
    {
        RtcpHeader.Write(dest, format, packetType, totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(dest[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(dest[8..], mediaSsrc);
    }
}
