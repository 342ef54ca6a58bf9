using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtp;

/// <summary>
/// In-place rewrites of RTP fixed-header fields (RFC 3550 §5.1), used when forwarding a packet to a receiver
/// under that receiver's SSRC, sequence and timestamp space. The caller has validated the packet with
/// <see cref="RtpHeader.TryParse"/>; a span shorter than the fixed header throws.
/// </summary>
public static class RtpPacket
{
    /// <summary>Writes the sequence number (bytes 2..3).</summary>
    public static void SetSequenceNumber(Span<byte> p, ushort v) => BinaryPrimitives.WriteUInt16BigEndian(p[2..], v);

    /// <summary>Writes the timestamp (bytes 4..7).</summary>
    public static void SetTimestamp(Span<byte> p, uint v) => BinaryPrimitives.WriteUInt32BigEndian(p[4..], v);

    /// <summary>Writes the SSRC (bytes 8..11).</summary>
    public static void SetSsrc(Span<byte> p, uint v) => BinaryPrimitives.WriteUInt32BigEndian(p[8..], v);

    /// <summary>Writes the 7-bit payload type, keeping the marker bit.</summary>
    public static void SetPayloadType(Span<byte> p, byte pt)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pt, (byte)127);
        p[1] = (byte)((p[1] & 0x80) | pt);
    }

    /// <summary>Sets or clears the marker bit, keeping the payload type.</summary>
    public static void SetMarker(Span<byte> p, bool m) => p[1] = (byte)(m ? p[1] | 0x80 : p[1] & 0x7F);
}
