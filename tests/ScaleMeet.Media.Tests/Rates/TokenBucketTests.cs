using ScaleMeet.Media.Rates;

namespace ScaleMeet.Media.Tests.Rates;

/// <summary>The token bucket behind the RTCP, transport-cc and signaling message limits, on a clock of 1000 ticks a second.</summary>
public sealed class TokenBucketTests
{
    private const long Frequency = 1000;

    [Fact]
    public void TryTake_FullAtStart_BurstThenRefusesUntilRefilled()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, capacity: 3, Frequency, now: 5_000);

        Assert.True(bucket.TryTake(1, 5_000));
        Assert.True(bucket.TryTake(1, 5_000));
        Assert.True(bucket.TryTake(1, 5_000));
        Assert.False(bucket.TryTake(1, 5_000));
        Assert.False(bucket.TryTake(1, 5_099)); // 0.99 tokens
        Assert.True(bucket.TryTake(1, 5_100));  // 100 ms at 10/s: one token
        Assert.False(bucket.TryTake(1, 5_100));
    }

    [Fact]
    public void TryTake_LongQuiet_SavesAtMostCapacity()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, capacity: 3, Frequency, now: 0);
        Assert.True(bucket.TryTake(3, 0));

        Assert.True(bucket.TryTake(3, 60_000));
        Assert.False(bucket.TryTake(0.5, 60_000));
    }

    [Fact]
    public void TryTake_MoreThanAvailable_TakesNothing()
    {
        var bucket = new TokenBucket(ratePerSecond: 1000, capacity: 2048, Frequency, now: 0);

        Assert.False(bucket.TryTake(65_535, 0));
        Assert.Equal(2048, bucket.Available);
        Assert.True(bucket.TryTake(2048, 0));
    }

    [Fact]
    public void TryTake_ClockGoesBack_AddsNothing()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, capacity: 1, Frequency, now: 10_000);
        Assert.True(bucket.TryTake(1, 10_000));

        Assert.False(bucket.TryTake(1, 9_000));
        Assert.False(bucket.TryTake(1, 10_050));
        Assert.True(bucket.TryTake(1, 10_100));
    }
}
