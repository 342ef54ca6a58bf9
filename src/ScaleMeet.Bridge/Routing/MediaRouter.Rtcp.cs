using ScaleMeet.Bridge.Transport;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// RTCP: sender reports translated to each receiver, receivers' keyframe requests and NACKs, and the
/// bridge's own receiver reports (with REMB) to senders. Receivers' feedback is budgeted (<see cref="BudgetOptions"/>):
/// keyframe requests per receiver and track, transport-cc statuses per feedback and per second, NACKed packets per
/// compound, and retransmissions per packet (once per round trip) and per receiver (bytes, a share of its media).
/// </summary>
internal sealed partial class MediaRouter
{
    private const int MaxReportBlocks = 16;

    /// <summary>NACKed sequence numbers looked at so far in the compound being read.</summary>
    private int _nackedInCompound;

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
            var receiver = consumer.Receiver.Downstream;
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
                    OnReceiverKeyframeRequest(pliConsumer);
                }

                break;
            case RtcpPacketType.PSFB when header.Count == Fir.Format:
                if (Fir.TryParse(packet, out var fir))
                {
                    for (var i = 0; i < fir.EntryCount; i++)
                    {
                        if (consumers.TryGetValue(fir.GetEntry(i).Ssrc, out var firConsumer))
                        {
                            OnReceiverKeyframeRequest(firConsumer);
                        }
                    }
                }

                break;
            case RtcpPacketType.RTPFB when header.Count == TransportCc.Format:
                OnTransportFeedback(transport, packet);
                break;
            case RtcpPacketType.RTPFB when header.Count == GenericNack.Format:
                if (GenericNack.TryParse(packet, out var nack) && consumers.TryGetValue(nack.MediaSsrc, out var nackConsumer))
                {
                    OnNack(transport, nackConsumer, in nack);
                }

                break;
        }
    }

    /// <summary>A receiver's PLI or FIR for a track: passed on once per interval per receiver and track.</summary>
    private void OnReceiverKeyframeRequest(Consumer consumer)
    {
        if (consumer.TryAcceptKeyframeRequest(_time.GetTimestamp(), _feedback.ReceiverKeyframeInterval))
        {
            RequestKeyframe(consumer);
        }
        else
        {
            Budgets.KeyframeRequestsRateLimited++;
        }
    }

    /// <summary>
    /// Transport-wide feedback to the receiver's estimator: refused unparsed when it declares more statuses than
    /// allowed, dropped when the receiver's statuses-per-second budget is spent, so one receiver's feedback costs the
    /// loop a bounded time per message and per second.
    /// </summary>
    private void OnTransportFeedback(WebRtcTransport transport, ReadOnlySpan<byte> packet)
    {
        if (transport.Bandwidth is not { } estimator || transport.Budgets.TransportCcStatuses is not { } statuses ||
            !TransportCc.TryReadStatusCount(packet, out var count))
        {
            return;
        }

        if (count > _feedback.MaxTransportCcStatuses)
        {
            Budgets.TransportCcTooManyStatuses++;
            return;
        }

        var now = _time.GetTimestamp();
        if (!statuses.TryTake(count, now))
        {
            Budgets.TransportCcRateLimited++;
            return;
        }

        if (!TransportCc.TryParse(packet, out var feedback))
        {
            return;
        }

        Counters.TransportFeedbackReceived++;
        estimator.OnFeedback(in feedback, ToMicroseconds(now));
        if (estimator.TakeSignificantChange())
        {
            Log.BandwidthEstimate(_log, transport.Owner.Id, estimator.EstimateBitsPerSecond / 1000, estimator.LossFraction);
            transport.Owner.Conference.AllocationNeeded = true;
        }
    }

    /// <summary>
    /// A receiver's NACK: every sequence number it names (PID and BLP bits, read item by item) up to the per-compound
    /// limit is answered by <see cref="Retransmit"/>, which resends a packet at most once per the receiver's round
    /// trip and within its byte budget.
    /// </summary>
    private void OnNack(WebRtcTransport transport, Consumer consumer, in GenericNack nack)
    {
        var now = _time.GetTimestamp();
        var interval = _feedback.ResendInterval(consumer.Receiver.RoundTrip);
        var limit = _feedback.MaxNackedPacketsPerCompound;
        for (var i = 0; i < nack.ItemCount; i++)
        {
            var item = nack.GetItem(i);
            Budgets.NackedPackets += item.LostCount;
            if (_nackedInCompound >= limit)
            {
                Budgets.RetransmitsOverCompoundLimit += item.LostCount;
                continue;
            }

            for (var bit = -1; bit < 16; bit++)
            {
                if (bit >= 0 && (item.LostBitmask & (1 << bit)) == 0)
                {
                    continue;
                }

                if (_nackedInCompound++ >= limit)
                {
                    Budgets.RetransmitsOverCompoundLimit++;
                    continue;
                }

                Retransmit(transport, consumer, unchecked((ushort)(item.PacketId + bit + 1)), now, interval);
            }
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
        var transport = layer.Producer.Owner.Upstream;
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
                SendPendingKeyframeRequests(endpoint.Producers, now);
            }

            foreach (var sender in conference.RemoteSenders.Values)
            {
                SendPendingKeyframeRequests(sender.Producers, now);
            }
        }
    }

    private void SendPendingKeyframeRequests(List<Producer> producers, long now)
    {
        foreach (var producer in producers)
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
