using System.Diagnostics.Metrics;
using ScaleMeet.Bridge.Stats;
using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Bridge.Tests.Stats;

/// <summary>The DTLS meter reads the bridge's pool: counts after real handshakes and screen drops, one series per reason.</summary>
public sealed class DtlsMetricsTests
{
    [Fact]
    public async Task DtlsMeter_AfterHandshakesAndDrops_ReportsThePoolCounters()
    {
        await using var harness = new BridgeHarness();
        await harness.ConnectPairAsync();
        var pool = harness.Bridge.DtlsPool!;

        var values = Collect(harness.Bridge.DtlsMeter);

        Assert.Equal(2, values[("scalemeet_bridge_dtls_handshakes_completed", "")]);
        Assert.Equal(0, values[("scalemeet_bridge_dtls_handshakes_refused", "")]);
        Assert.Equal(0, values[("scalemeet_bridge_dtls_handshakes_running", "")]);
        Assert.Equal(0, values[("scalemeet_bridge_dtls_handshakes_queued", "")]);
        Assert.Equal(0, values[("scalemeet_bridge_dtls_handshakes_queued_over_share", "")]);
        Assert.Equal(0, values[("scalemeet_bridge_dtls_handshakes_failed", "silent")]);
        Assert.Equal(pool.Threads, values[("scalemeet_bridge_dtls_workers", "")]);
        Assert.Equal(pool.LargestHandshakeBytes, values[("scalemeet_bridge_dtls_handshake_buffered_bytes_max", "")]);
        Assert.InRange(values[("scalemeet_bridge_dtls_handshake_buffered_bytes_max", "")], 1, harness.Options.Dtls.MaxBufferedBytes);
        Assert.Equal(pool.BufferedBytes, values[("scalemeet_bridge_dtls_buffered_bytes", "")]);
        Assert.Equal(0, values[("scalemeet_bridge_dtls_records_discarded", "")]);
        foreach (DtlsHandshakeFailure failure in Enum.GetValues<DtlsHandshakeFailure>().Where(f => f != DtlsHandshakeFailure.Refused))
        {
            Assert.Equal(0, values[("scalemeet_bridge_dtls_handshakes_failed", DtlsMetrics.TagOf(failure))]);
        }

        Assert.Equal(Enum.GetValues<DtlsDropReason>().Length, values.Keys.Count(k => k.Name == "scalemeet_bridge_dtls_datagrams_dropped"));
        Assert.DoesNotContain(values.Keys, k => k.Name == "scalemeet_bridge_dtls_handshakes_failed" && k.Reason == "refused");
    }

    [Fact]
    public void DtlsMeter_BeforeTheBridgeStarts_ReportsNothing()
    {
        using var metrics = new DtlsMetrics(() => null);

        Assert.Empty(Collect(metrics.Meter));
        Assert.Equal("ScaleMeet.Bridge.Dtls", metrics.Meter.Name);
    }

    [Fact]
    public void Tags_EveryReason_DistinctSnakeCase()
    {
        string[] failures = [.. Enum.GetValues<DtlsHandshakeFailure>().Select(DtlsMetrics.TagOf)];
        string[] drops = [.. Enum.GetValues<DtlsDropReason>().Select(DtlsMetrics.TagOf)];

        Assert.Equal(failures.Length, failures.Distinct().Count());
        Assert.Equal(drops.Length, drops.Distinct().Count());
        Assert.Contains("oversize_message", drops);
        Assert.Equal("silent", DtlsMetrics.TagOf(DtlsHandshakeFailure.Silent));
        Assert.All(failures.Concat(drops), t => Assert.Matches("^[a-z_]+$", t));
    }

    /// <summary>One collection: (name, reason tag or "") → value.</summary>
    private static Dictionary<(string Name, string Reason), double> Collect(Meter meter)
    {
        var values = new Dictionary<(string, string), double>();
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
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var reason = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = (string)tag.Value!;
                }
            }

            values[(instrument.Name, reason)] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
