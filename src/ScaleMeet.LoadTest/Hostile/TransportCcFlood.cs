using System.Buffers.Binary;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.LoadTest.Hostile;

/// <summary>
/// A 40-byte transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) that declares
/// <see cref="StatusCount"/> packet statuses, all "not received", in nine run-length chunks: valid on the wire, and
/// every status is work for a parser and an estimator that walk them all (≈ 0.8 ms per feedback on a bridge without
/// a cap). Thread-safe (stateless).
/// <code>
/// header (12) | base seq | status count = 65535 | reference time | fb count | 8 × 0x1FFF, 0x0007 | 2 bytes padding
/// </code>
/// </summary>
public static class TransportCcFlood
{
    /// <summary>The most statuses a feedback can declare.</summary>
    public const int StatusCount = 65535;

    /// <summary>Bytes written.</summary>
    public const int Length = 40;

    private const int MaxRunLength = 0x1FFF;

    /// <summary>Writes the feedback into <paramref name="destination"/> (at least <see cref="Length"/> bytes); returns <see cref="Length"/>.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort baseSequence, int referenceTime, byte feedbackCount)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs {Length} bytes.", nameof(destination));
        }

        var packet = destination[..Length];
        packet.Clear();
        RtcpFeedback.Write(packet, RtcpPacketType.RTPFB, TransportCc.Format, Length, senderSsrc, mediaSsrc);
        var fci = packet[RtcpFeedback.HeaderSize..];
        BinaryPrimitives.WriteUInt16BigEndian(fci, baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(fci[2..], StatusCount);
        BinaryPrimitives.WriteUInt32BigEndian(fci[4..], ((uint)referenceTime << 8) | feedbackCount);
        var at = 8;
        for (var left = StatusCount; left > 0; left -= Math.Min(left, MaxRunLength), at += 2)
        {
            // Run-length chunk: 0 | S = 00 (not received) | run length.
            BinaryPrimitives.WriteUInt16BigEndian(fci[at..], (ushort)Math.Min(left, MaxRunLength));
        }

        return Length;
    }
}
