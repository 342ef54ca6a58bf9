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
            !transport.Owner.ProducersBySsrc.TryGetValue(report.Ssrc, out var producer) || producer.Ssrc != report.Ssrc)
        {
            return;
        }

        producer.LastSenderReportNtpMiddle = report.CompactNtp;
        producer.LastSenderReportReceivedAt = _time.GetTimestamp();
        foreach (var consumer in producer.Consumers)
        {
            var receiver = consumer.Receiver.Subscribe;
            if (!consumer.Started || receiver is null || !receiver.IsConnected)
            {
                continue;
            }

            if (SenderReport.TryWrite(_tx, consumer.Ssrc, report.NtpTimestamp, consumer.MapTimestamp(report.RtpTimestamp),
                    (uint)consumer.PacketsSent, (uint)consumer.OctetsSent, default, out var written))
            {
                receiver.SendRtcp(_tx, written);
            }
        }
    }

    private void OnReceiverRtcp(WebRtcTransport transport, in RtcpHeader header, ReadOnlySpan<byte> packet)
    {
        var consumers = transport.Owner.ConsumersBySsrc;
        switch (header.PacketType)
        {
            case RtcpPacketType.PSFB when header.Count == Pli.Format:
                if (Pli.TryParse(packet, out var pli) && consumers.TryGetValue(pli.MediaSsrc, out var pliConsumer))
                {
                    RequestKeyframe(pliConsumer.Producer);
                }

                break;
            case RtcpPacketType.PSFB when header.Count == Fir.Format:
                if (Fir.TryParse(packet, out var fir))
                {
                    for (var i = 0; i < fir.EntryCount; i++)
                    {
                        if (consumers.TryGetValue(fir.GetEntry(i).Ssrc, out var firConsumer))
                        {
                            RequestKeyframe(firConsumer.Producer);
                        }
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

    private void RequestKeyframe(Producer producer)
    {
        if (producer.Kind == MediaKind.Video && producer.TryStartKeyframeRequest(_time.GetTimestamp(), _keyframeIntervalTicks))
        {
            SendPli(producer);
        }
    }

    private void SendPli(Producer producer)
    {
        var transport = producer.Owner.Publish;
        if (transport is not null && transport.IsConnected && new Pli(transport.LocalRtcpSsrc, producer.Ssrc).TryWrite(_tx, out var written) &&
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
                    if (producer.KeyframeRequestPending && producer.TryStartKeyframeRequest(now, _keyframeIntervalTicks))
                    {
                        SendPli(producer);
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
                    if (blockCount == MaxReportBlocks || p.PacketsReceived == 0)
                    {
                        continue;
                    }

                    var dlsr = p.LastSenderReportReceivedAt == 0
                        ? 0u
                        : (uint)Math.Min(uint.MaxValue, _time.GetElapsedTime(p.LastSenderReportReceivedAt, now).TotalSeconds * 65536);
                    blocks[blockCount++] = new ReportBlock(p.Ssrc, p.TakeFractionLost(), (int)Math.Min(p.CumulativeLost, ReportBlock.MaxCumulativeLost),
                        p.ExtendedHighestSequence, 0, p.LastSenderReportNtpMiddle, dlsr);
                    if (p.Kind == MediaKind.Video)
                    {
                        videoSsrcs[videoCount++] = p.Ssrc;
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
