using System.Diagnostics;
using ScaleMeet.LoadTest.Sampling;

namespace ScaleMeet.LoadTest.Tests.Sampling;

public sealed class CpuRateTests
{
    [Fact]
    public void SuccessiveReadings_CpuSecondsPerWallSecond_NullFirstAndAfterAGap()
    {
        var rate = new CpuRate();
        var t0 = Stopwatch.GetTimestamp();
        var second = Stopwatch.Frequency;

        Assert.Null(rate.Next(10.0, t0));
        Assert.Equal(0.5, rate.Next(10.5, t0 + second)!.Value, 6);
        Assert.Equal(2.0, rate.Next(14.5, t0 + 3 * second)!.Value, 6);
        Assert.Null(rate.Next(null, t0 + 4 * second)); // unreadable
        Assert.Null(rate.Next(20.0, t0 + 5 * second)); // no previous reading to compare with
        Assert.Equal(0.0, rate.Next(19.0, t0 + 6 * second)!.Value, 6); // a restarted process never counts negative
    }
}
