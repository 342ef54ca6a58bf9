namespace ScaleMeet.Media.Rtcp;

/// <summary>RTCP packet type values (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public static class RtcpPacketType
{
    /// <summary>Sender report (RFC 3550 §6.4.1).</summary>
    public const byte SR = 200;
    /// <summary>Receiver report (RFC 3550 §6.4.2).</summary>
    public const byte RR = 201;
    /// <summary>Source description (RFC 3550 §6.5).</summary>
    public const byte SDES = 202;
    /// <summary>Goodbye (RFC 3550 §6.6).</summary>
    public const byte BYE = 203;
    /// <summary>Application-defined (RFC 3550 §6.7).</summary>
    public const byte APP = 204;
    /// <summary>Transport-layer feedback (RFC 4585 §6.2): generic NACK (FMT 1), transport-cc (FMT 15).</summary>
    public const byte RTPFB = 205;
    /// <summary>Payload-specific feedback (RFC 4585 §6.3): PLI (FMT 1), FIR (FMT 4), REMB (FMT 15).</summary>
    public const byte PSFB = 206;
}
