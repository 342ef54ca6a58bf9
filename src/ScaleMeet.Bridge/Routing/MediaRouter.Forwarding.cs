using System.Buffers.Binary;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Media.Codecs;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Routing;

/// <summary>The per-packet path: one sender's packet to each of its consumers, and RTX answers to NACKs.</summary>
internal sealed partial class MediaRouter
{
    internal void Forward(Producer producer, Span<byte> packet, in RtpHeader header)
    {
        producer.OnPacket(header.SequenceNumber, packet.Length);
        if (header.PayloadLength > PacketCache.SlotSize)
        {
            Counters.MalformedDropped++;
            return;
        }

        if (header.PayloadType != producer.PayloadType)
        {
            // Only the negotiated codec is forwarded (the answer accepts one per kind).
            Counters.UnroutableDropped++;
            return;
        }

        producer.Cache?.Store(header.SequenceNumber, packet);
        ReadOnlySpan<byte> payload = packet.Slice(header.HeaderLength, header.PayloadLength);
        ReadOnlySpan<byte> audioLevel = default;
        if (producer.AudioLevelExtensionId != 0 && header.TryGetExtension(packet, producer.AudioLevelExtensionId, out var level) && level.Length == 1)
        {
            audioLevel = level;
        }

        var payloadType = producer.Kind == MediaKind.Audio ? SubscribeCodecs.OpusPayloadType : SubscribeCodecs.Vp8PayloadType;
        var keyframe = -1;
        foreach (var consumer in producer.Consumers)
        {
            var transport = consumer.Receiver.Subscribe;
            if (!consumer.Negotiated || transport is null || !transport.IsConnected)
            {
                continue;
            }

            if (consumer.WaitingForKeyframe)
            {
                if (keyframe < 0)
                {
                    keyframe = Vp8PayloadDescriptor.IsKeyFrame(payload) ? 1 : 0;
                }

                if (keyframe == 0)
                {
                    continue;
                }

                consumer.WaitingForKeyframe = false;
            }

            if (!consumer.Started)
            {
                consumer.StartAt(header.SequenceNumber, header.Timestamp);
            }

            var length = WriteRtp(header.Marker, payloadType, consumer.MapSequence(header.SequenceNumber), consumer.MapTimestamp(header.Timestamp),
                consumer.Ssrc, audioLevel, default, payload);
            if (transport.SendRtp(_tx, length))
            {
                consumer.OnSent(payload.Length);
                Counters.RtpSent++;
            }
        }
    }

    /// <summary>Answers a receiver's NACK for <paramref name="consumerSequence"/> from the sender's cache, as RTX (RFC 4588).</summary>
    private void Retransmit(Consumer consumer, ushort consumerSequence)
    {
        var cache = consumer.Producer.Cache;
        var transport = consumer.Receiver.Subscribe;
        if (cache is null || !consumer.Started || transport is null || !transport.IsConnected)
        {
            return;
        }

        if (!cache.TryGet(consumer.UnmapSequence(consumerSequence), out var cached) || !RtpHeader.TryParse(cached, out var header))
        {
            return;
        }

        Span<byte> originalSequence = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(originalSequence, consumerSequence);
        var payload = cached.Slice(header.HeaderLength, header.PayloadLength);
        var length = WriteRtp(header.Marker, SubscribeCodecs.RtxPayloadType, consumer.NextRtxSequence++, consumer.MapTimestamp(header.Timestamp),
            consumer.RtxSsrc, default, originalSequence, payload);
        if (transport.SendRtp(_tx, length))
        {
            Counters.RtxSent++;
        }
    }

    private int WriteRtp(bool marker, byte payloadType, ushort sequence, uint timestamp, uint ssrc,
        ReadOnlySpan<byte> audioLevel, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload)
    {
        var writer = new RtpHeaderWriter(_tx);
        writer.WriteFixedHeader(marker, payloadType, sequence, timestamp, ssrc);
        if (!audioLevel.IsEmpty)
        {
            writer.AddExtension(SubscribeCodecs.AudioLevelExtensionId, audioLevel);
        }

        var offset = writer.Finish();
        prefix.CopyTo(_tx.AsSpan(offset));
        payload.CopyTo(_tx.AsSpan(offset + prefix.Length));
        return offset + prefix.Length + payload.Length;
    }
}
