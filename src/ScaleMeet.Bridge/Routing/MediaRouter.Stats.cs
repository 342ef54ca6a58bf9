using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Stats;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// The bridge's statistics: receivers' report blocks (round-trip time, outgoing loss) as they arrive, and every
/// sample interval a walk over the conferences that hands the counts to the <see cref="StatsSampler"/>.
/// </summary>
internal sealed partial class MediaRouter
{
    private long _lostOut;
    private long _expectedOut;

    /// <summary>A receiver's report block about a stream the bridge sends it (its consumer's SSRC, not RTX).</summary>
    private void OnReportBlock(Endpoint receiver, in ReportBlock block)
    {
        if (!receiver.ConsumersBySsrc.TryGetValue(block.Ssrc, out var consumer) || consumer.Ssrc != block.Ssrc)
        {
            return;
        }

        if (consumer.Reports.TryRoundTrip(in block, _time.GetTimestamp(), _time.TimestampFrequency, out var roundTrip))
        {
            receiver.RoundTrip = roundTrip;
        }

        consumer.Reports.OnLossReport(in block, out var expected, out var lost);
        _expectedOut += expected;
        _lostOut += lost;
    }

    private void SampleStats(long now)
    {
        var since = Stats.IntervalStart;
        long expectedIn = 0;
        long lostIn = 0;
        var participants = 0;
        var largest = 0;
        var sendingAudio = 0;
        var sendingVideo = 0;
        var rttCount = 0;
        var rttSum = 0.0;
        foreach (var conference in _conferences.Values)
        {
            participants += conference.Endpoints.Count;
            largest = Math.Max(largest, conference.Endpoints.Count);
            foreach (var endpoint in conference.Endpoints.Values)
            {
                if (endpoint.RoundTrip is { } rtt)
                {
                    rttCount++;
                    rttSum += rtt.TotalMilliseconds;
                }

                var audio = false;
                var video = false;
                foreach (var producer in endpoint.Producers)
                {
                    foreach (var layer in producer.Layers)
                    {
                        layer.TakeIntervalLoss(out var expected, out var lost);
                        expectedIn += expected;
                        lostIn += lost;
                        if (layer.LastPacketAt != 0 && layer.LastPacketAt > since)
                        {
                            audio |= producer.Kind == MediaKind.Audio;
                            video |= producer.Kind == MediaKind.Video;
                        }
                    }
                }

                sendingAudio += audio ? 1 : 0;
                sendingVideo += video ? 1 : 0;
            }
        }

        var inputs = new StatsInputs
        {
            Conferences = _conferences.Count,
            Participants = participants,
            LargestConference = largest,
            PacketsReceived = Traffic.PacketsReceived,
            BytesReceived = Traffic.BytesReceived,
            PacketsSent = Traffic.TotalPacketsSent,
            BytesSent = Traffic.TotalBytesSent,
            ExpectedIn = expectedIn,
            LostIn = lostIn,
            ExpectedOut = _expectedOut,
            LostOut = _lostOut,
            RttSumMilliseconds = rttSum,
            RttCount = rttCount,
            EndpointsSendingAudio = sendingAudio,
            EndpointsSendingVideo = sendingVideo,
            ConferencesCreated = Counters.ConferencesCreated,
            ConferencesCompleted = Counters.ConferencesCompleted,
            IceFailures = Counters.IceFailures,
            DtlsFailures = Counters.DtlsFailures,
            LoopWorstIterationSeconds = Loop?.Timings.TakeWorst() ?? 0,
            Draining = Flags.Draining,
            ShuttingDown = Flags.ShuttingDown,
        };
        _expectedOut = 0;
        _lostOut = 0;
        Stats.Sample(in inputs, now);
    }
}
