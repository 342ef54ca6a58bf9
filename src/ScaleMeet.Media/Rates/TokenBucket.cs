namespace ScaleMeet.Media.Rates;

/// <summary>
/// A token bucket: <c>ratePerSecond</c> tokens a second, at most <c>capacity</c> saved, full at the start. Timestamps
/// are <see cref="TimeProvider.GetTimestamp"/> ticks at <c>frequency</c> per second; one that goes back in time adds
/// nothing. The one rate limit of the code base: the bridge's RTCP and transport-cc budgets, the signaling message
/// limit. Not thread-safe (one owner: the media loop, one connection's receive loop); no allocation after construction.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _perTick;
    private readonly double _capacity;
    private double _tokens;
    private long _last;

    public TokenBucket(double ratePerSecond, double capacity, long frequency, long now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(capacity, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(frequency, 0);
        _perTick = ratePerSecond / frequency;
        _capacity = capacity;
        _tokens = capacity;
        _last = now;
    }

    /// <summary>Tokens available at the last call.</summary>
    public double Available => _tokens;

    /// <summary>The most tokens the bucket saves.</summary>
    public double Capacity => _capacity;

    /// <summary>True when the bucket was full at the last call (a client that paused long enough).</summary>
    public bool IsFull => _tokens >= _capacity;

    /// <summary>Adds what <paramref name="now"/> earned since the last call, up to the capacity.</summary>
    public void Refill(long now)
    {
        if (now > _last)
        {
            _tokens = Math.Min(_capacity, _tokens + ((now - _last) * _perTick));
            _last = now;
        }
    }

    /// <summary>Takes <paramref name="amount"/> tokens at <paramref name="now"/>; false (and nothing taken) when there are fewer.</summary>
    public bool TryTake(double amount, long now)
    {
        Refill(now);
        if (_tokens < amount)
        {
            return false;
        }

        _tokens -= amount;
        return true;
    }
}
