using ScaleMeet.Bridge.Transport;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// RTCP: sender reports translated to each receiver, receivers' keyframe requests and NACKs, and the
/// bridge's own receiver reports (with REMB) to senders.
/// </summary>
internal sealed partial class MediaRouter
{
    private const int MaxReportBlocks = 16;

    private void OnPublisherRtcp(WebRtcTransport transport, in RtcpHeader header, ReadOnlySpan<byte> packet)
    {
        if (header.PacketType != RtcpPacketType.SR || !SenderReport.TryParse(packet, out var report) ||
            !transport.Owner.LayersBySsrc.TryGetValue(report.Ssrc, out var layer) || layer.Ssrc != report.Ssrc)
        {
            return;
        }

        layer.LastSenderReportNtpMiddle = report.CompactNtp;
        var now = _time.GetTimestamp();
        layer.LastSenderReportReceivedAt = now;
        foreach (var consumer in layer.Producer.Consumers)
        {
            var receiver = consumer.Receiver.Subscribe;
            if (!consumer.Started || consumer.CurrentLayer != layer.Index || receiver is null || !receiver.IsConnected)
            {
                continue;
            }

            if (SenderReport.TryWrite(_tx, consumer.Ssrc, report.NtpTimestamp, consumer.MapTimestampForReport(report.RtpTimestamp),
                    (uint)consumer.PacketsSent, (uint)consumer.OctetsSent, default, out var written) &&
                receiver.SendRtcp(_tx, written))
            {
                consumer.Reports.OnSenderReportSent(report.CompactNtp, now);
            }
        }
    }

    private void OnReceiverRtcp(WebRtcTransport transport, in RtcpHeader header, ReadOnlySpan<byte> packet)
    {
        var consumers = transport.Owner.ConsumersBySsrc;
        switch (header.PacketType)
        {
            case RtcpPacketType.RR:
                if (ReceiverReport.TryParse(packet, out var rr))
                {
                    for (var i = 0; i < rr.ReportCount; i++)
                    {
                        OnReportBlock(transport.Owner, rr.GetReportBlock(i));
                    }
                }

                break;
            case RtcpPacketType.SR:
                if (SenderReport.TryParse(packet, out var sr))
                {
                    for (var i = 0; i < sr.ReportCount; i++)
                    {
                        OnReportBlock(transport.Owner, sr.GetReportBlock(i));
                    }
                }

                break;
            case RtcpPacketType.PSFB when header.Count == Pli.Format:
                if (Pli.TryParse(packet, out var pli) && consumers.TryGetValue(pli.MediaSsrc, out var pliConsumer))
                {
                    RequestKeyframe(pliConsumer);
                }

                break;
            case RtcpPacketType.PSFB when header.Count == Fir.Format:
                if (Fir.TryParse(packet, out var fir))
                {
                    for (var i = 0; i < fir.EntryCount; i++)
                    {
                        if (consumers.TryGetValue(fir.GetEntry(i).Ssrc, out var firConsumer))
                        {
                            RequestKeyframe(firConsumer);
                        }
                    }
                }

                break;
            case RtcpPacketType.RTPFB when header.Count == TransportCc.Format:
                if (transport.Bandwidth is { } estimator && TransportCc.TryParse(packet, out var feedback))
                {
                    Counters.TransportFeedbackReceived++;
                    estimator.OnFeedback(in feedback, ToMicroseconds(_time.GetTimestamp()));
                    if (estimator.TakeSignificantChange())
                    {
                        Log.BandwidthEstimate(_log, transport.Owner.Id, estimator.EstimateBitsPerSecond / 1000, estimator.LossFraction);
                        transport.Owner.Conference.AllocationNeeded = true;
                    }
                }

                break;
            case RtcpPacketType.RTPFB when header.Count == GenericNack.Format:
                if (GenericNack.TryParse(packet, out var nack) && consumers.TryGetValue(nack.MediaSsrc, out var nackConsumer))
                {
                    Span<ushort> lost = stackalloc ushort[17 * 8];
                    var count = nack.CopyLostSequenceNumbers(lost);
                    for (var i = 0; i < count; i++)
                    {
                        Retransmit(nackConsumer, lost[i]);
                    }
                }

                break;
        }
    }

    /// <summary>A receiver lost its picture: a keyframe of the layer it gets (or waits for).</summary>
    private void RequestKeyframe(Consumer consumer)
    {
        var layer = consumer.TargetLayer >= 0 ? consumer.TargetLayer : consumer.CurrentLayer;
        if (consumer.Producer.Kind == MediaKind.Video && layer >= 0 && layer < consumer.Producer.Layers.Count)
        {
            RequestKeyframe(consumer.Producer.Layers[layer]);
        }
    }

    private void RequestKeyframe(ProducerLayer layer)
    {
        if (layer.Producer.Kind == MediaKind.Video && layer.Ssrc != 0 && layer.TryStartKeyframeRequest(_time.GetTimestamp(), _keyframeIntervalTicks))
        {
            SendPli(layer);
        }
    }

    private void SendPli(ProducerLayer layer)
    {
        var transport = layer.Producer.Owner.Publish;
        if (transport is not null && transport.IsConnected && new Pli(transport.LocalRtcpSsrc, layer.Ssrc).TryWrite(_tx, out var written) &&
            transport.SendRtcp(_tx, written))
        {
            Counters.KeyframeRequestsSent++;
        }
    }

    private void SendPendingKeyframeRequests(long now)
    {
        foreach (var conference in _conferences.Values)
        {
            foreach (var endpoint in conference.Endpoints.Values)
            {
                foreach (var producer in endpoint.Producers)
                {
                    foreach (var layer in producer.Layers)
                    {
                        if (layer.KeyframeRequestPending && layer.TryStartKeyframeRequest(now, _keyframeIntervalTicks))
                        {
                            SendPli(layer);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Every second: an RR per sender with one report block per track, and a REMB capping its video bitrate.</summary>
    private void SendReceiverReports(long now)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[MaxReportBlocks];
        Span<uint> videoSsrcs = stackalloc uint[MaxReportBlocks];
        foreach (var conference in _conferences.Values)
        {
            foreach (var endpoint in conference.Endpoints.Values)
            {
                var transport = endpoint.Publish;
                if (transport is null || !transport.IsConnected || endpoint.Producers.Count == 0)
                {
                    continue;
                }

                var blockCount = 0;
                var videoCount = 0;
                foreach (var p in endpoint.Producers)
                {
                    foreach (var layer in p.Layers)
                    {
                        if (blockCount == MaxReportBlocks || layer.PacketsReceived == 0)
                        {
                            continue;
                        }

                        var dlsr = layer.LastSenderReportReceivedAt == 0
                            ? 0u
                            : (uint)Math.Min(uint.MaxValue, _time.GetElapsedTime(layer.LastSenderReportReceivedAt, now).TotalSeconds * 65536);
                        blocks[blockCount++] = new ReportBlock(layer.Ssrc, layer.TakeFractionLost(), (int)Math.Min(layer.CumulativeLost, ReportBlock.MaxCumulativeLost),
                            layer.ExtendedHighestSequence, 0, layer.LastSenderReportNtpMiddle, dlsr);
                        if (p.Kind == MediaKind.Video)
                        {
                            videoSsrcs[videoCount++] = layer.Ssrc;
                        }
                    }
                }

                if (blockCount == 0 || !ReceiverReport.TryWrite(_tx, transport.LocalRtcpSsrc, blocks[..blockCount], out var written))
                {
                    continue;
                }

                if (videoCount > 0 && Remb.TryWrite(_tx.AsSpan(written), transport.LocalRtcpSsrc, _options.MaxPublisherVideoBitrate, videoSsrcs[..videoCount], out var rembLength))
                {
                    written += rembLength;
                }

                transport.SendRtcp(_tx, written);
            }
        }
    }
}
