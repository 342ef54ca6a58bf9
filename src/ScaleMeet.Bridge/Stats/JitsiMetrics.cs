using System.Diagnostics.Metrics;

namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// Meter <c>ScaleMeet.Jitsi</c>: the bridge's figures under the names the common Jitsi exporter publishes
/// (<c>jitsi_&lt;colibri stats key&gt;</c>), so dashboards and autoscalers made for Jitsi read ScaleMeet unchanged.
/// All gauges, the totals included (as the exporter publishes them). Jitsi's graceful shutdown (no new conferences,
/// existing ones continue) is the bridge's shutting-down state, so <c>jitsi_graceful_shutdown</c> and
/// <c>jitsi_shutting_down</c> both follow it. Created and disposed by <see cref="MediaBridge"/>.
/// </summary>
internal sealed class JitsiMetrics : IDisposable
{
    public const string MeterName = "ScaleMeet.Jitsi";

    private readonly Func<BridgeStats> _stats;

    public JitsiMetrics(Func<BridgeStats> stats, object? scope = null)
    {
        _stats = stats;
        Meter = new Meter(new MeterOptions(MeterName) { Scope = scope });
        Gauge("jitsi_stress_level", "Stress level: measurement ÷ threshold", s => s.Stress);
        Gauge("jitsi_participants", "Endpoints on this bridge", s => s.Participants);
        Gauge("jitsi_conferences", "Conferences on this bridge", s => s.Conferences);
        Gauge("jitsi_largest_conference", "Endpoints in the largest conference", s => s.LargestConference);
        Gauge("jitsi_bit_rate_download", "Received, kbit/s", s => s.BitrateInKbps);
        Gauge("jitsi_bit_rate_upload", "Sent, kbit/s", s => s.BitrateOutKbps);
        Gauge("jitsi_packet_rate_download", "Datagrams received per second", s => s.PacketRateIn);
        Gauge("jitsi_packet_rate_upload", "Datagrams sent per second", s => s.PacketRateOut);
        Gauge("jitsi_rtt_aggregate", "Mean round-trip time to endpoints, ms", s => s.RttMilliseconds);
        Gauge("jitsi_incoming_loss", "Fraction lost from senders", s => s.LossIn);
        Gauge("jitsi_outgoing_loss", "Fraction lost towards receivers", s => s.LossOut);
        Gauge("jitsi_endpoints_sending_audio", "Endpoints sending audio", s => s.EndpointsSendingAudio);
        Gauge("jitsi_endpoints_sending_video", "Endpoints sending video", s => s.EndpointsSendingVideo);
        Gauge("jitsi_total_conferences_created", "Conferences created since start", s => s.ConferencesCreated);
        Gauge("jitsi_total_conferences_completed", "Conferences ended since start", s => s.ConferencesCompleted);
        Gauge("jitsi_graceful_shutdown", "1 in graceful shutdown", s => s.ShuttingDown ? 1 : 0);
        Gauge("jitsi_shutting_down", "1 while shutting down", s => s.ShuttingDown ? 1 : 0);
        Gauge("jitsi_drain", "1 while draining", s => s.Draining ? 1 : 0);
    }

    public Meter Meter { get; }

    public void Dispose() => Meter.Dispose();

    private void Gauge(string name, string description, Func<BridgeStats, double> value) =>
        Meter.CreateObservableGauge(name, () => value(_stats()), unit: null, description);
}
