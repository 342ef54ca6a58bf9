using ScaleMeet.Bridge.Loop;

namespace ScaleMeet.Bridge.Tests.Loop;

/// <summary>The media loop's iteration timing: worst per interval, count, and a histogram of every iteration.</summary>
public sealed class LoopTimingsTests
{
    private const long Frequency = 1_000_000; // µs ticks

    [Fact]
    public void TakeWorst_AfterIterations_LongestThenZeroForTheNextInterval()
    {
        var timings = new LoopTimings(null, Frequency);
        timings.Record(120);
        timings.Record(4_500);
        timings.Record(300);

        Assert.Equal(0.0045, timings.TakeWorst(), 12);
        Assert.Equal(0, timings.TakeWorst());

        timings.Record(800);
        Assert.Equal(0.0008, timings.TakeWorst(), 12);
        Assert.Equal(4, timings.Iterations);
    }

    [Fact]
    public void Record_NegativeElapsed_CountsAsZero()
    {
        var timings = new LoopTimings(null, Frequency);

        timings.Record(-5);

        Assert.Equal(0, timings.TakeWorst());
        Assert.Equal(1, timings.Iterations);
    }

    [Fact]
    public void BucketBoundaries_AscendingAndSpanTheTarget()
    {
        var bounds = LoopTimings.BucketBoundaries;

        Assert.Equal(bounds.Order(), bounds);
        Assert.Equal(bounds.Count, bounds.Distinct().Count());
        Assert.Contains(0.005, bounds);
    }
}
