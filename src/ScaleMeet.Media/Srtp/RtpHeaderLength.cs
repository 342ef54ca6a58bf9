using System.Buffers.Binary;

namespace ScaleMeet.Media.Srtp;

/// <summary>
/// The few header facts SRTP needs (RFC 3550 §5.1, §5.3.1; RFC 3550 §6.4.1 for RTCP). The full parsers live with
/// RTP/RTCP; this stays private to SRTP so the two do not depend on each other.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// |                           timestamp                           |
/// |           synchronization source (SSRC) identifier            |
/// |            contributing source (CSRC) identifiers  (CC × 32)  |
/// |  defined by profile (X = 1)   |           length (words)      |
/// |                        header extension                       |
/// </code>
/// </summary>
internal static class RtpHeaderLength
{
    public const int FixedLength = 12;

    /// <summary>Length of the RTP header in <paramref name="packet"/>, CSRCs and extension included.</summary>
    public static bool TryGet(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedLength || (packet[0] >> 6) != 2)
        {
            return false;
        }
        int length = FixedLength + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }
            length += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]);
        }
        if (length > packet.Length)
        {
            return false;
        }
        headerLength = length;
        return true;
    }

    /// <summary>An RTCP compound packet starts with version 2 and carries the sender SSRC at bytes 4..7.</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) => packet.Length >= 8 && (packet[0] >> 6) == 2;
}
