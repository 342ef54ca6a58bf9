using System.Diagnostics.Metrics;
using ScaleMeet.Bridge.Loop;
using ScaleMeet.Bridge.Stats;

namespace ScaleMeet.Bridge.Tests.Stats;

/// <summary>The meters publish every spec name, reading the snapshot they are given.</summary>
public sealed class BridgeMetricsTests
{
    private static readonly BridgeStats Snapshot = new()
    {
        Stress = 0.42, AverageParticipantStress = 0.01, Conferences = 3, Participants = 11, LargestConference = 6,
        BitrateInKbps = 1500.5, BitrateOutKbps = 4200.25, PacketRateIn = 900, PacketRateOut = 2700,
        BytesReceived = 1_000_001, BytesSent = 3_000_003, PacketsReceived = 1001, PacketsSent = 3003,
        RttMilliseconds = 37.5, LossIn = 0.02, LossOut = 0.05, EndpointsSendingAudio = 7, EndpointsSendingVideo = 5,
        ConferencesCreated = 13, ConferencesCompleted = 10, IceFailures = 2, DtlsFailures = 1, LoopWorstIterationSeconds = 0.0042,
        Healthy = true, Draining = true, ShuttingDown = false,
    };

    [Fact]
    public void BridgeMeter_Collected_EverySpecNameWithSnapshotValue()
    {
        using var metrics = new BridgeMetrics(() => Snapshot);

        var values = Collect(metrics.Meter);

        var expected = new Dictionary<string, double>
        {
            ["scalemeet_bridge_stress"] = 0.42,
            ["scalemeet_bridge_average_participant_stress"] = 0.01,
            ["scalemeet_bridge_conferences"] = 3,
            ["scalemeet_bridge_participants"] = 11,
            ["scalemeet_bridge_largest_conference"] = 6,
            ["scalemeet_bridge_bitrate_in_kbps"] = 1500.5,
            ["scalemeet_bridge_bitrate_out_kbps"] = 4200.25,
            ["scalemeet_bridge_packet_rate_in"] = 900,
            ["scalemeet_bridge_packet_rate_out"] = 2700,
            ["scalemeet_bridge_received_bytes"] = 1_000_001,
            ["scalemeet_bridge_sent_bytes"] = 3_000_003,
            ["scalemeet_bridge_received_packets"] = 1001,
            ["scalemeet_bridge_sent_packets"] = 3003,
            ["scalemeet_bridge_rtt_seconds"] = 0.0375,
            ["scalemeet_bridge_loss_in_ratio"] = 0.02,
            ["scalemeet_bridge_loss_out_ratio"] = 0.05,
            ["scalemeet_bridge_endpoints_sending_audio"] = 7,
            ["scalemeet_bridge_endpoints_sending_video"] = 5,
            ["scalemeet_bridge_conferences_created"] = 13,
            ["scalemeet_bridge_conferences_completed"] = 10,
            ["scalemeet_bridge_ice_failures"] = 2,
            ["scalemeet_bridge_dtls_failures"] = 1,
            ["scalemeet_bridge_healthy"] = 1,
            ["scalemeet_bridge_draining"] = 1,
            ["scalemeet_bridge_shutting_down"] = 0,
            ["scalemeet_bridge_loop_worst_iteration_seconds"] = 0.0042,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), values.Select(p => KeyValuePair.Create(p.Key, p.Value.Value)).OrderBy(p => p.Key));
        Assert.Equal("ScaleMeet.Bridge", metrics.Meter.Name);
    }

    [Fact]
    public void BridgeMeter_Totals_AreObservableCounters()
    {
        using var metrics = new BridgeMetrics(() => Snapshot);

        var values = Collect(metrics.Meter);

        string[] counters =
        [
            "scalemeet_bridge_received_bytes", "scalemeet_bridge_sent_bytes", "scalemeet_bridge_received_packets", "scalemeet_bridge_sent_packets",
            "scalemeet_bridge_conferences_created", "scalemeet_bridge_conferences_completed", "scalemeet_bridge_ice_failures", "scalemeet_bridge_dtls_failures",
        ];
        Assert.All(values, p => Assert.Equal(counters.Contains(p.Key), p.Value.Instrument is ObservableCounter<long>));
    }

    [Fact]
    public void JitsiMeter_Collected_EveryJitsiNameAsGauge()
    {
        using var metrics = new JitsiMetrics(() => Snapshot);

        var values = Collect(metrics.Meter);

        var expected = new Dictionary<string, double>
        {
            ["jitsi_stress_level"] = 0.42,
            ["jitsi_participants"] = 11,
            ["jitsi_conferences"] = 3,
            ["jitsi_largest_conference"] = 6,
            ["jitsi_bit_rate_download"] = 1500.5,
            ["jitsi_bit_rate_upload"] = 4200.25,
            ["jitsi_packet_rate_download"] = 900,
            ["jitsi_packet_rate_upload"] = 2700,
            ["jitsi_rtt_aggregate"] = 37.5,
            ["jitsi_incoming_loss"] = 0.02,
            ["jitsi_outgoing_loss"] = 0.05,
            ["jitsi_endpoints_sending_audio"] = 7,
            ["jitsi_endpoints_sending_video"] = 5,
            ["jitsi_total_conferences_created"] = 13,
            ["jitsi_total_conferences_completed"] = 10,
            ["jitsi_graceful_shutdown"] = 0,
            ["jitsi_shutting_down"] = 0,
            ["jitsi_drain"] = 1,
        };
        Assert.Equal(expected.OrderBy(p => p.Key), values.Select(p => KeyValuePair.Create(p.Key, p.Value.Value)).OrderBy(p => p.Key));
        Assert.All(values.Values, v => Assert.IsType<ObservableGauge<double>>(v.Instrument));
        Assert.Equal("ScaleMeet.Jitsi", metrics.Meter.Name);
    }

    [Fact]
    public async Task Bridge_Disposed_InstrumentsUnpublished()
    {
        var bridge = new MediaBridge("b", new BridgeOptions { UdpPort = 0, BindAddress = "127.0.0.1" }, new Infrastructure.RecordingEventSink(),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);
        var published = new List<string>();
        var completed = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == bridge.Meter || instrument.Meter == bridge.JitsiMeter)
                {
                    published.Add(instrument.Name);
                    l.EnableMeasurementEvents(instrument);
                }
            },
            MeasurementsCompleted = (instrument, _) => completed.Add(instrument.Name),
        };
        listener.Start();

        await bridge.DisposeAsync();

        // The sample's 27 figures, 11 budget counters, the negotiation and packet-cache instruments (the same meter) and
        // 18 Jitsi gauges: every one published is completed.
        Assert.InRange(published.Count, 27 + 11 + 18 + 8, int.MaxValue);
        Assert.Equal(published.Order(), completed.Order());
        Assert.Contains("scalemeet_bridge_packet_caches_in_use", completed);
        Assert.Contains("scalemeet_bridge_stress", completed);
        Assert.Contains("jitsi_stress_level", completed);
    }

    [Fact]
    public void LoopIterationSeconds_Recorded_HistogramWithTheLoopBuckets()
    {
        using var metrics = new BridgeMetrics(() => Snapshot);
        var recorded = new List<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument == metrics.LoopIterationSeconds)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => recorded.Add(value));
        listener.Start();

        new LoopTimings(metrics.LoopIterationSeconds, TimeSpan.TicksPerSecond).Record(TimeSpan.FromMilliseconds(3).Ticks);

        Assert.Equal("scalemeet_bridge_loop_iteration_seconds", metrics.LoopIterationSeconds.Name);
        Assert.Equal("s", metrics.LoopIterationSeconds.Unit);
        Assert.Equal(LoopTimings.BucketBoundaries, metrics.LoopIterationSeconds.Advice!.HistogramBucketBoundaries);
        Assert.Equal(0.003, Assert.Single(recorded), 9);
    }

    /// <summary>One collection of <paramref name="meter"/>'s observable instruments: name → (instrument, value).</summary>
    private static Dictionary<string, (Instrument Instrument, double Value)> Collect(Meter meter)
    {
        var values = new Dictionary<string, (Instrument, double)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => values.Add(instrument.Name, (instrument, value)));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values.Add(instrument.Name, (instrument, value)));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
