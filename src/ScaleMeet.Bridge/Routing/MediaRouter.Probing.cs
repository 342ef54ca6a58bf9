using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Negotiation;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// Bandwidth probing. When the allocation holds a receiver's video below what it wants for lack of bandwidth,
/// the bridge tops its sending rate up to the current estimate with RTX padding packets (RFC 4588 RTX SSRC,
/// padding only, stamped with transport-wide sequence numbers like media). The estimator then sees real
/// delivery at the estimate instead of an application-limited trickle: it grows only as far as the link
/// carries, so a higher layer is allocated when it fits and not before (no trial-and-error with real frames).
/// </summary>
internal sealed partial class MediaRouter
{
    /// <summary>How often the sending rate is measured and topped up.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>A deficit smaller than this is not worth padding for, bits/s.</summary>
    private const long MinimumProbeDeficit = 30_000;

    /// <summary>Padding bytes per packet (the RTP padding count is one byte).</summary>
    private const int PaddingBytes = 255;

    /// <summary>At most this many padding packets per receiver per interval (≈ 2 Mbit/s at 100 ms).</summary>
    private const int MaxPaddingPackets = 100;

    private static readonly byte[] PaddingPayload = CreatePaddingPayload();

    private long _lastProbeTick;

    private void ProbeWhereHeldBack(long now)
    {
        var elapsed = _time.GetElapsedTime(_lastProbeTick, now);
        if (elapsed < ProbeInterval)
        {
            return;
        }

        _lastProbeTick = now;
        foreach (var conference in _conferences.Values)
        {
            foreach (var receiver in conference.Endpoints.Values)
            {
                var transport = receiver.Subscribe;
                if (transport?.Bandwidth is not { } estimator || !transport.IsConnected)
                {
                    continue;
                }

                var sentBits = (transport.SentBytes - receiver.SentBytesAtLastProbe) * 8;
                receiver.SentBytesAtLastProbe = transport.SentBytes;
                if (!receiver.BandwidthLimited || elapsed > TimeSpan.FromSeconds(1))
                {
                    continue;
                }

                var sentRate = (long)(sentBits / elapsed.TotalSeconds);
                var deficit = estimator.EstimateBitsPerSecond - sentRate;
                if (deficit >= MinimumProbeDeficit)
                {
                    SendPadding(receiver, (long)(deficit * elapsed.TotalSeconds / 8), now);
                }
            }
        }
    }

    private void SendPadding(Endpoint receiver, long bytes, long now)
    {
        var consumer = FindPaddingCarrier(receiver);
        var transport = receiver.Subscribe;
        if (consumer is null || transport is null)
        {
            return;
        }

        var nowMicros = ToMicroseconds(now);
        for (var i = 0; i < MaxPaddingPackets && bytes > 0; i++)
        {
            var length = WriteRtp(transport, false, SubscribeCodecs.RtxPayloadType, consumer.NextRtxSequence++, consumer.LastTimestamp,
                consumer.RtxSsrc, default, default, PaddingPayload);
            _tx[0] |= 0x20; // P: the payload is padding only; its last byte is the padding count
            if (!transport.SendRtp(_tx, length, nowMicros))
            {
                return;
            }

            Counters.PaddingSent++;
            bytes -= length;
        }
    }

    /// <summary>A video consumer of the receiver that has started (its RTX SSRC is negotiated and in use).</summary>
    private static Consumer? FindPaddingCarrier(Endpoint receiver)
    {
        foreach (var slot in receiver.SubscribeSlots)
        {
            if (slot.Consumer is { Negotiated: true, Started: true, Producer.Kind: MediaKind.Video } consumer)
            {
                return consumer;
            }
        }

        return null;
    }

    private static byte[] CreatePaddingPayload()
    {
        var payload = new byte[PaddingBytes];
        payload[^1] = PaddingBytes;
        return payload;
    }
}
