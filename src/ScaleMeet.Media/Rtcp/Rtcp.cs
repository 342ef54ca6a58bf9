namespace ScaleMeet.Media.Rtcp;

/// <summary>Demultiplexing of RTCP from RTP on one port (RFC 5761 §4).</summary>
public static class Rtcp
{
    /// <summary>
    /// True when the datagram looks like RTCP: version 2 (first byte 128..191), at least a header long, and a
    /// second byte (the packet type) in 192..223, a range RTP payload types with the marker bit never reach.
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) =>
        packet.Length >= RtcpHeader.Size && packet[0] is >= 128 and <= 191 && packet[1] is >= 192 and <= 223;
}
