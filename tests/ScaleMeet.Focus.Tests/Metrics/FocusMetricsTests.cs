using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Tests.Fakes;
using ScaleMeet.Server.Metrics;

namespace ScaleMeet.Focus.Tests.Metrics;

/// <summary>Meter ScaleMeet.Focus read through the collector: live counts and cumulative signaling outcomes.</summary>
public sealed class FocusMetricsTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly MetricsCollector _collector;

    public FocusMetricsTests() => _collector = new MetricsCollector([FocusMetrics.MeterName], _meters);

    public void Dispose()
    {
        _collector.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task Joins_TwoJoinedOneRefusedOneBadMessage_CountedByReasonAndCode()
    {
        var harness = new FocusHarness(new FocusOptions { MaxParticipantsPerRoom = 2 });
        _ = new FocusMetrics(harness.Focus, _meters);
        await harness.JoinAsync("standup", "Ada");
        await harness.JoinAsync("standup", "Bob");
        var carol = harness.NewClient();
        await carol.SendAsync(new JoinMessage("standup", "Carol") { RequestId = 1 });
        await carol.Connection.NextAsync<ErrorMessage>();
        await carol.SendAsync(new JoinMessage("bad room", "Carol") { RequestId = 2 });
        await carol.Connection.NextAsync<ErrorMessage>();
        await carol.SendRawAsync("not json");
        await carol.Connection.NextAsync<ErrorMessage>();

        var text = _collector.Scrape();

        Assert.Contains("\nscalemeet_focus_rooms 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_participants 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_joins_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_join_failures_total{reason=\"room_full\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_join_failures_total{reason=\"invalid_room\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_join_failures_total{reason=\"no_bridge\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_signaling_errors_total{code=\"invalid_room\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_signaling_errors_total{code=\"malformed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_signaling_errors_total{code=\"bad_sdp\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_NoBridgeRegistered_CountedAsNoBridge()
    {
        var harness = new FocusHarness(registerBridge: false);
        _ = new FocusMetrics(harness.Focus, _meters);
        var client = harness.NewClient();

        await client.SendAsync(new JoinMessage("room", "Ada"));
        await client.Connection.NextAsync<ErrorMessage>();

        var text = _collector.Scrape();
        Assert.Contains("\nscalemeet_focus_join_failures_total{reason=\"no_bridge\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_signaling_errors_total{code=\"bridge_unavailable\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_rooms 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_joins_total 0\n", text, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public async Task Exposition_FocusAndProcessMeters_PromtoolFindsNoProblems()
    {
        _ = new FocusMetrics(new FocusHarness().Focus, _meters);
        _ = new ProcessMetrics(_meters);
        using var collector = new MetricsCollector([FocusMetrics.MeterName, ProcessMetrics.MeterName], _meters);

        var text = collector.Scrape();
        var (exitCode, problems) = await Promtool.CheckMetricsAsync(text);

        Assert.True(exitCode == 0, string.Join('\n', problems) + "\n" + text);
        Assert.Contains("# TYPE process_cpu_seconds_total counter\n", text, StringComparison.Ordinal);
    }
}
