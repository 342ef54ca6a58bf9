using System.Diagnostics.Metrics;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// Meter <c>ScaleMeet.Bridge.Dtls</c>: the bridge's DTLS handshake pool and what its screen dropped, read live from
/// the pool's thread-safe counters at each collection (no work on the media loop). Created and disposed by
/// <see cref="MediaBridge"/>; before the bridge starts every instrument reports nothing.
/// </summary>
internal sealed class DtlsMetrics : IDisposable
{
    public const string MeterName = "ScaleMeet.Bridge.Dtls";

    private readonly Func<DtlsHandshakePool?> _pool;

    public DtlsMetrics(Func<DtlsHandshakePool?> pool, object? scope = null)
    {
        _pool = pool;
        Meter = new Meter(new MeterOptions(MeterName) { Scope = scope });
        Gauge("scalemeet_bridge_dtls_handshakes_running", "{handshake}", "DTLS handshakes on a worker now", p => p.RunningHandshakes);
        Gauge("scalemeet_bridge_dtls_handshakes_queued", "{handshake}", "DTLS handshakes waiting for a worker now", p => p.QueuedHandshakes);
        Gauge("scalemeet_bridge_dtls_handshakes_queued_over_share", "{handshake}",
            "Queued DTLS handshakes passed over now because their address has its share of workers running (MaxHandshakesPerAddress)",
            p => p.QueuedOverShare);
        Gauge("scalemeet_bridge_dtls_workers", "{thread}", "DTLS pool worker threads alive now", p => p.Threads);
        Counter("scalemeet_bridge_dtls_handshakes_completed", "{handshake}", "DTLS handshakes that produced SRTP keys", p => p.CompletedHandshakes);
        Counter("scalemeet_bridge_dtls_handshakes_refused", "{handshake}", "DTLS handshakes refused for lack of room (queue full or queue timeout)",
            p => p.RefusedHandshakes);
        Meter.CreateObservableCounter("scalemeet_bridge_dtls_handshakes_failed", ObserveFailures, "{handshake}",
            "DTLS handshakes that failed, by reason (silent: the peer sent nothing for HandshakeSilenceTimeout; refusals are counted apart)");
        Meter.CreateObservableCounter("scalemeet_bridge_dtls_datagrams_dropped", ObserveDrops, "{datagram}",
            "Inbound DTLS datagrams dropped before BouncyCastle saw them, by reason (oversize_message: a declared handshake length over the cap)");
        Counter("scalemeet_bridge_dtls_records_discarded", "{record}", "Records after a handshake that did not authenticate, were replays or of a stale epoch",
            p => p.DiscardedRecords);
        Gauge("scalemeet_bridge_dtls_buffered_bytes", "By", "Bytes held for DTLS peers now: queued datagrams and handshake reassembly", p => p.BufferedBytes);
        Gauge("scalemeet_bridge_dtls_handshake_buffered_bytes_max", "By", "The most bytes one DTLS handshake held at once since start",
            p => p.LargestHandshakeBytes);
    }

    public Meter Meter { get; }

    public void Dispose() => Meter.Dispose();

    /// <summary>The tag value of a failure cause: snake case of its name.</summary>
    internal static string TagOf(DtlsHandshakeFailure failure) => failure switch
    {
        DtlsHandshakeFailure.Timeout => "timeout",
        DtlsHandshakeFailure.FingerprintMismatch => "fingerprint_mismatch",
        DtlsHandshakeFailure.AlertReceived => "alert_received",
        DtlsHandshakeFailure.NoCommonSrtpProfile => "no_common_srtp_profile",
        DtlsHandshakeFailure.Closed => "closed",
        DtlsHandshakeFailure.Refused => "refused",
        DtlsHandshakeFailure.Silent => "silent",
        _ => "protocol_error",
    };

    /// <summary>The tag value of a drop reason.</summary>
    internal static string TagOf(DtlsDropReason reason) => reason switch
    {
        DtlsDropReason.Malformed => "malformed",
        DtlsDropReason.OversizeMessage => "oversize_message",
        DtlsDropReason.QueueFull => "queue_full",
        DtlsDropReason.OverBudget => "over_budget",
        DtlsDropReason.AfterHandshake => "after_handshake",
        DtlsDropReason.RateLimited => "rate_limited",
        _ => "closed",
    };

    private IEnumerable<Measurement<long>> ObserveFailures()
    {
        if (_pool() is not { } pool)
        {
            yield break;
        }

        foreach (DtlsHandshakeFailure failure in Enum.GetValues<DtlsHandshakeFailure>())
        {
            if (failure != DtlsHandshakeFailure.Refused)
            {
                yield return new Measurement<long>(pool.FailedHandshakes(failure), new KeyValuePair<string, object?>("reason", TagOf(failure)));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveDrops()
    {
        if (_pool() is not { } pool)
        {
            yield break;
        }

        foreach (DtlsDropReason reason in Enum.GetValues<DtlsDropReason>())
        {
            yield return new Measurement<long>(pool.DroppedDatagrams(reason), new KeyValuePair<string, object?>("reason", TagOf(reason)));
        }
    }

    private void Gauge(string name, string unit, string description, Func<DtlsHandshakePool, long> value) =>
        Meter.CreateObservableGauge(name, () => _pool() is { } pool ? [new Measurement<long>(value(pool))] : Array.Empty<Measurement<long>>(), unit, description);

    private void Counter(string name, string unit, string description, Func<DtlsHandshakePool, long> value) =>
        Meter.CreateObservableCounter(name, () => _pool() is { } pool ? [new Measurement<long>(value(pool))] : Array.Empty<Measurement<long>>(), unit, description);
}
