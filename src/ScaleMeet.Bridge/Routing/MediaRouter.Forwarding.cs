using System.Buffers.Binary;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Transport;
using ScaleMeet.Media.Codecs;
using ScaleMeet.Media.Rtp;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Bridge.Routing;

/// <summary>The per-packet path: one sender's packet to each of its consumers, and RTX answers to NACKs.</summary>
internal sealed partial class MediaRouter
{
    private const uint AudioClockRate = 48000;
    private const uint VideoClockRate = 90000;

    private readonly byte[] _transportSequence = new byte[2];

    /// <summary>
    /// Finds the encoding an SSRC belongs to, learning simulcast SSRCs from the rid header extensions. A sender may
    /// change a layer's SSRC at any time: the old SSRC is then forgotten (<see cref="OnLayerSsrcChanged"/>).
    /// </summary>
    private ProducerLayer? FindLayer(Endpoint endpoint, ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        if (endpoint.LayersBySsrc.TryGetValue(header.Ssrc, out var known))
        {
            return known;
        }

        var ids = endpoint.PublishExtensions;
        if (ids.Rid == 0)
        {
            return null;
        }

        var repaired = false;
        if (!header.TryGetExtension(packet, ids.Rid, out var ridBytes))
        {
            if (ids.RepairedRid == 0 || !header.TryGetExtension(packet, ids.RepairedRid, out ridBytes))
            {
                return null;
            }

            repaired = true;
        }

        Producer? producer = null;
        if (ids.Mid != 0 && header.TryGetExtension(packet, ids.Mid, out var midBytes))
        {
            producer = FindProducer(endpoint, midBytes);
        }

        producer ??= endpoint.Producers.Find(p => p.IsSimulcast || p.Layers.Exists(l => l.Rid is not null));
        var layer = producer?.FindLayer(ridBytes);
        if (layer is null)
        {
            return null;
        }

        var transport = endpoint.Publish;
        if (repaired)
        {
            if (layer.RtxSsrc is { } oldRtx)
            {
                endpoint.LayersBySsrc.Remove(oldRtx);
                transport?.ForgetIncoming(oldRtx, retire: true);
            }

            layer.RtxSsrc = header.Ssrc;
        }
        else if (layer.Ssrc != 0)
        {
            OnLayerSsrcChanged(endpoint, layer, header.Ssrc);
        }
        else
        {
            layer.Ssrc = header.Ssrc;
        }

        endpoint.LayersBySsrc[header.Ssrc] = layer;
        ReportSenderTracks(endpoint); // a relay peer needs the learned SSRC
        return layer;
    }

    /// <summary>
    /// A simulcast layer's sender switched to <paramref name="ssrc"/>: a new stream with its own sequence numbers.
    /// The old SSRC (and its RTX) is forgotten and its SRTP state freed and retired (a late or replayed packet of it
    /// cannot switch back); the layer's statistics and packet cache start over; every consumer forwarding the layer
    /// waits for a keyframe of the new stream and then continues its own sequence space, so no output sequence
    /// number — no SRTP index — is used twice.
    /// </summary>
    private void OnLayerSsrcChanged(IMediaSender endpoint, ProducerLayer layer, uint ssrc)
    {
        var upstream = endpoint.Upstream;
        endpoint.LayersBySsrc.Remove(layer.Ssrc);
        upstream?.ForgetIncoming(layer.Ssrc, retire: true);
        if (layer.RtxSsrc is { } rtx)
        {
            endpoint.LayersBySsrc.Remove(rtx);
            upstream?.ForgetIncoming(rtx, retire: true);
            layer.RtxSsrc = null;
        }

        layer.Ssrc = ssrc;
        layer.OnSourceChanged();
        foreach (var consumer in layer.Producer.Consumers)
        {
            consumer.OnSourceChanged(layer.Index);
        }

        Budgets.LayerSsrcChanges++;
        RequestKeyframe(layer);
    }

    private static Producer? FindProducer(Endpoint endpoint, ReadOnlySpan<byte> midAscii)
    {
        foreach (var producer in endpoint.Producers)
        {
            if (Producer.AsciiEquals(producer.Mid, midAscii))
            {
                return producer;
            }
        }

        return null;
    }

    /// <summary>One sender packet to each consumer of its layer; false when it was dropped (malformed, not the negotiated codec).</summary>
    internal bool Forward(ProducerLayer layer, Span<byte> packet, in RtpHeader header)
    {
        var producer = layer.Producer;
        var now = _time.GetTimestamp();
        layer.OnPacket(header.SequenceNumber, packet.Length, now, _time.TimestampFrequency);
        if (header.PayloadLength > PacketCache.SlotSize)
        {
            Counters.MalformedDropped++;
            return false;
        }

        if (header.PayloadType != producer.PayloadType)
        {
            // Only the negotiated codec is forwarded (the answer accepts one per kind).
            Counters.UnroutableDropped++;
            return false;
        }

        layer.Cache?.Store(header.SequenceNumber, packet);
        ReadOnlySpan<byte> payload = packet.Slice(header.HeaderLength, header.PayloadLength);
        ReadOnlySpan<byte> audioLevel = default;
        var video = producer.Kind == MediaKind.Video;
        if (!video && producer.AudioLevelExtensionId != 0 && header.TryGetExtension(packet, producer.AudioLevelExtensionId, out var level) && level.Length == 1)
        {
            audioLevel = level;
            producer.Owner.Conference.Speakers.OnAudioLevel(producer.Owner, level[0], now);
        }

        var vp8 = default(Vp8PayloadDescriptor);
        if (video && !Vp8PayloadDescriptor.TryParse(payload, out vp8))
        {
            Counters.MalformedDropped++;
            return false;
        }

        if (video && layer.KeyframeHeight == 0 && Vp8PayloadDescriptor.IsKeyFrame(payload) &&
            Vp8PayloadDescriptor.TryGetKeyFrameSize(payload, out _, out var height))
        {
            layer.KeyframeHeight = height;
        }

        var info = new PacketInfo(header.SequenceNumber, header.Timestamp, video ? VideoClockRate : AudioClockRate, video,
            vp8.HasPictureId, vp8.PictureId, vp8.HasTl0PicIdx, vp8.Tl0PicIdx);
        var payloadType = video ? SubscribeCodecs.Vp8PayloadType : SubscribeCodecs.OpusPayloadType;
        var keyframe = -1;
        var frequency = _time.TimestampFrequency;
        var nowMicros = ToMicroseconds(now);
        foreach (var consumer in producer.Consumers)
        {
            var transport = consumer.Receiver.Downstream;
            if (!consumer.Negotiated || transport is null || !transport.IsConnected)
            {
                continue;
            }

            if (!consumer.Accept(layer.Index, in info, payload, ref keyframe, now, frequency))
            {
                if (consumer.TargetLayer == layer.Index && consumer.WaitingForKeyframe)
                {
                    RequestKeyframe(layer);
                }

                continue;
            }

            var map = consumer.Current;
            var sequence = unchecked((ushort)(header.SequenceNumber + map.SequenceOffset));
            var timestamp = unchecked(header.Timestamp + map.TimestampOffset);
            var length = WriteRtp(transport, header.Marker, payloadType, sequence, timestamp, consumer.Ssrc, audioLevel, default, payload);
            ushort pictureId = 0;
            byte tl0 = 0;
            if (video)
            {
                var outPayload = _tx.AsSpan(length - payload.Length, payload.Length);
                pictureId = RewriteVp8(vp8, outPayload, in map, out tl0);
            }

            if (transport.SendRtp(_tx, length, nowMicros))
            {
                consumer.OnSent(sequence, timestamp, pictureId, tl0, vp8.HasPictureId, payload.Length, now);
                transport.Budgets.Retransmit?.OnMediaSent(transport.LastSentLength);
                Counters.RtpSent++;
            }
        }

        return true;
    }

    /// <summary>Rewrites PictureID and TL0PICIDX in the outgoing copy so they stay continuous across switches.</summary>
    private static ushort RewriteVp8(in Vp8PayloadDescriptor vp8, Span<byte> outPayload, in SwitchPoint map, out byte tl0)
    {
        ushort pictureId = 0;
        tl0 = 0;
        if (vp8.HasPictureId)
        {
            pictureId = (ushort)((vp8.PictureId + map.PictureIdOffset) & (vp8.PictureIdIs15Bit ? 0x7FFF : 0x7F));
            vp8.TryRewritePictureId(outPayload, pictureId);
        }

        if (vp8.HasTl0PicIdx)
        {
            tl0 = unchecked((byte)(vp8.Tl0PicIdx + map.Tl0PicIdxOffset));
            vp8.TryRewriteTl0PicIdx(outPayload, tl0);
        }

        return pictureId;
    }

    /// <summary>
    /// Answers a receiver's NACK for <paramref name="consumerSequence"/> from the sender's cache, as RTX (RFC 4588):
    /// unless the packet went to this receiver less than <paramref name="resendInterval"/> ago, or its retransmission
    /// budget has no room for it (each refusal counted).
    /// </summary>
    private void Retransmit(IMediaTransport transport, Consumer consumer, ushort consumerSequence, long now, long resendInterval)
    {
        var layers = consumer.Producer.Layers;
        if (!consumer.Started || !transport.IsConnected || !consumer.TryFindSegment(consumerSequence, out var map) ||
            map.Layer >= layers.Count || layers[map.Layer].SourceGeneration != map.SourceGeneration ||
            layers[map.Layer].Cache is not { } cache ||
            !cache.TryGet(unchecked((ushort)(consumerSequence - map.SequenceOffset)), out var cached) || !RtpHeader.TryParse(cached, out var header))
        {
            Budgets.RetransmitsUnavailable++;
            return;
        }

        if (consumer.Resends.WasResentWithin(consumerSequence, now, resendInterval))
        {
            Budgets.RetransmitsRecentlySent++;
            return;
        }

        Span<byte> originalSequence = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(originalSequence, consumerSequence);
        var payload = cached.Slice(header.HeaderLength, header.PayloadLength);
        var length = WriteRtp(transport, header.Marker, SubscribeCodecs.RtxPayloadType, consumer.NextRtxSequence, unchecked(header.Timestamp + map.TimestampOffset),
            consumer.RtxSsrc, default, originalSequence, payload);
        if (transport.Budgets.Retransmit is not { } budget || !budget.TryTake(length + SrtpSession.MaxRtpOverhead))
        {
            Budgets.RetransmitsOverBudget++;
            return;
        }

        consumer.NextRtxSequence++;
        if (Vp8PayloadDescriptor.TryParse(payload, out var vp8))
        {
            RewriteVp8(vp8, _tx.AsSpan(length - payload.Length, payload.Length), in map, out _);
        }

        if (transport.SendRtp(_tx, length, ToMicroseconds(now)))
        {
            consumer.Resends.OnResent(consumerSequence, now);
            Counters.RtxSent++;
            Budgets.RetransmittedBytes += transport.LastSentLength;
        }
    }

    private long ToMicroseconds(long timestamp) => (long)((Int128)timestamp * 1_000_000 / _time.TimestampFrequency);

    /// <summary>Writes a packet for <paramref name="transport"/>, stamped with its next transport-wide sequence number.</summary>
    private int WriteRtp(IMediaTransport transport, bool marker, byte payloadType, ushort sequence, uint timestamp, uint ssrc,
        ReadOnlySpan<byte> audioLevel, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload)
    {
        var writer = new RtpHeaderWriter(_tx);
        writer.WriteFixedHeader(marker, payloadType, sequence, timestamp, ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(_transportSequence, transport.NextTransportSequence);
        writer.AddExtension(SubscribeCodecs.TransportWideCcExtensionId, _transportSequence);
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
