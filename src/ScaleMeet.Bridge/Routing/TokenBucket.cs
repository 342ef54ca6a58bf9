namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// A token bucket on the loop's clock: <c>ratePerSecond</c> tokens a second, at most <c>capacity</c> saved, full at
/// the start. Timestamps are <see cref="TimeProvider.GetTimestamp"/> ticks at <c>frequency</c> per second; one that
/// goes back in time adds nothing. Loop thread only; no allocation after construction.
/// </summary>
internal sealed class TokenBucket
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

    /// <summary>Takes <paramref name="amount"/> tokens at <paramref name="now"/>; false (and nothing taken) when there are fewer.</summary>
    public bool TryTake(double amount, long now)
    {
        if (now > _last)
        {
            _tokens = Math.Min(_capacity, _tokens + ((now - _last) * _perTick));
            _last = now;
        }

        if (_tokens < amount)
        {
            return false;
        }

        _tokens -= amount;
        return true;
    }
}
