using System.Diagnostics.Metrics;
using ScaleMeet.Bridge.Loop;

namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// Meter <c>ScaleMeet.Bridge</c>: the bridge's figures as observable instruments (names as in the metrics spec,
/// units in the names). Every callback reads the latest <see cref="BridgeStats"/>, so a collection costs no work on
/// the media loop. Created and disposed by <see cref="MediaBridge"/>; callbacks run on the collector's thread.
/// The one non-observable instrument, <see cref="LoopIterationSeconds"/>, is recorded by the media loop itself.
/// </summary>
internal sealed class BridgeMetrics : IDisposable
{
    public const string MeterName = "ScaleMeet.Bridge";

    private readonly Func<BridgeStats> _stats;

    public BridgeMetrics(Func<BridgeStats> stats, object? scope = null)
    {
        _stats = stats;
        Meter = new Meter(new MeterOptions(MeterName) { Scope = scope });
        Gauge("scalemeet_bridge_stress", "{stress}", "Stress level: measurement ÷ threshold (1.0 = fully loaded)", s => s.Stress);
        Gauge("scalemeet_bridge_average_participant_stress", "{stress}", "The stress one participant adds (configured)", s => s.AverageParticipantStress);
        Gauge("scalemeet_bridge_conferences", "{conference}", "Conferences on this bridge", s => s.Conferences);
        Gauge("scalemeet_bridge_participants", "{endpoint}", "Endpoints on this bridge", s => s.Participants);
        Gauge("scalemeet_bridge_largest_conference", "{endpoint}", "Endpoints in the largest conference", s => s.LargestConference);
        Gauge("scalemeet_bridge_bitrate_in_kbps", "kbit/s", "Received, kbit/s over the last sample interval", s => s.BitrateInKbps);
        Gauge("scalemeet_bridge_bitrate_out_kbps", "kbit/s", "Sent, kbit/s over the last sample interval", s => s.BitrateOutKbps);
        Gauge("scalemeet_bridge_packet_rate_in", "{packet}/s", "Datagrams received per second", s => s.PacketRateIn);
        Gauge("scalemeet_bridge_packet_rate_out", "{packet}/s", "Datagrams sent per second", s => s.PacketRateOut);
        Counter("scalemeet_bridge_received_bytes", "By", "Bytes received (datagrams)", s => s.BytesReceived);
        Counter("scalemeet_bridge_sent_bytes", "By", "Bytes sent (datagrams)", s => s.BytesSent);
        Counter("scalemeet_bridge_received_packets", "{packet}", "Datagrams received", s => s.PacketsReceived);
        Counter("scalemeet_bridge_sent_packets", "{packet}", "Datagrams sent", s => s.PacketsSent);
        Gauge("scalemeet_bridge_rtt_seconds", "s", "Mean round-trip time to endpoints (RTCP), seconds; 0 when unknown", s => s.RttMilliseconds / 1000);
        Gauge("scalemeet_bridge_loss_in_ratio", "1", "Fraction of packets lost from senders over the last interval", s => s.LossIn);
        Gauge("scalemeet_bridge_loss_out_ratio", "1", "Fraction lost towards receivers, from their receiver reports", s => s.LossOut);
        Gauge("scalemeet_bridge_endpoints_sending_audio", "{endpoint}", "Endpoints whose audio arrived in the last interval", s => s.EndpointsSendingAudio);
        Gauge("scalemeet_bridge_endpoints_sending_video", "{endpoint}", "Endpoints whose video arrived in the last interval", s => s.EndpointsSendingVideo);
        Counter("scalemeet_bridge_conferences_created", "{conference}", "Conferences created since start", s => s.ConferencesCreated);
        Counter("scalemeet_bridge_conferences_completed", "{conference}", "Conferences ended since start", s => s.ConferencesCompleted);
        Counter("scalemeet_bridge_ice_failures", "{endpoint}", "Endpoints removed for ICE consent expiry", s => s.IceFailures);
        Counter("scalemeet_bridge_dtls_failures", "{handshake}", "DTLS handshakes that failed or timed out", s => s.DtlsFailures);
        Gauge("scalemeet_bridge_healthy", "1", "1 when the media loop runs and ticked recently", s => s.Healthy ? 1 : 0);
        Gauge("scalemeet_bridge_draining", "1", "1 while draining (no new conferences)", s => s.Draining ? 1 : 0);
        Gauge("scalemeet_bridge_shutting_down", "1", "1 while shutting down", s => s.ShuttingDown ? 1 : 0);
        Gauge("scalemeet_bridge_loop_worst_iteration_seconds", "s", "Longest media loop iteration in the last sample interval, seconds",
            s => s.LoopWorstIterationSeconds);
        LoopIterationSeconds = Meter.CreateHistogram("scalemeet_bridge_loop_iteration_seconds", "s",
            "Media loop iterations by duration (awake to asleep), seconds", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = LoopTimings.BucketBoundaries });
    }

    /// <summary>Every media loop iteration's duration, seconds (recorded on the loop thread by <see cref="LoopTimings"/>).</summary>
    public Histogram<double> LoopIterationSeconds { get; }

    public Meter Meter { get; }

    public void Dispose() => Meter.Dispose();

    private void Gauge(string name, string unit, string description, Func<BridgeStats, double> value) =>
        Meter.CreateObservableGauge(name, () => value(_stats()), unit, description);

    private void Counter(string name, string unit, string description, Func<BridgeStats, long> value) =>
        Meter.CreateObservableCounter(name, () => value(_stats()), unit, description);
}
