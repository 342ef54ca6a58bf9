using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Focus.Tests.Metrics;
using ScaleMeet.Server.Memory;
using ScaleMeet.Server.Metrics;

namespace ScaleMeet.Focus.Tests.Memory;

/// <summary>The trimmer's collections on meter ScaleMeet.Process, by reason, read through the collector.</summary>
public sealed class MemoryMetricsTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly MetricsCollector _collector;

    public MemoryMetricsTests() => _collector = new MetricsCollector([ProcessMetrics.MeterName], _meters);

    public void Dispose()
    {
        _collector.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public void GarbageTrimDuringACall_CountedUnderGarbage_IdleStaysZero()
    {
        var garbage = 40L << 20;
        var options = new MemoryOptions { TrimAfterIdle = TimeSpan.Zero, TrimGarbageAbove = 16L << 20 };
        using var trimmer = new MemoryTrimmer(() => 2, () => garbage, options, TimeProvider.System, NullLogger.Instance, () => garbage = 0);
        _ = new MemoryMetrics(trimmer, _meters);

        trimmer.Check();
        trimmer.Check();

        var text = _collector.Scrape();
        Assert.Contains("\nscalemeet_memory_trims_total{reason=\"garbage\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_memory_trims_total{reason=\"idle\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_memory_trim_pause_seconds_total ", text, StringComparison.Ordinal);
    }
}
