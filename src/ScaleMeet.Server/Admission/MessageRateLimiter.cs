namespace ScaleMeet.Server.Admission;

/// <summary>
/// One signaling connection's message rate limit: a token bucket holding up to <see cref="AdmissionOptions.MessageBurst"/>
/// tokens, refilled at <see cref="AdmissionOptions.MessagesPerSecond"/>; each message takes one. A message finding the
/// bucket empty is refused. Refusals are counted from the last moment the bucket was full: a client that is refused
/// <see cref="AdmissionOptions.RateLimitedMessagesBeforeDisconnect"/> times without ever pausing long enough to refill it
/// (burst ÷ rate seconds) keeps flooding and is disconnected; one that pauses starts afresh.
/// Threading: the connection's receive loop only (one message at a time). Time comes from the injected clock.
/// </summary>
internal sealed class MessageRateLimiter
{
    private readonly TimeProvider _time;
    private readonly double _tokensPerTick;
    private readonly double _capacity;
    private readonly int _refusalsBeforeDisconnect;
    private double _tokens;
    private long _last;
    private int _refusals;

    public MessageRateLimiter(AdmissionOptions options, TimeProvider time)
    {
        _time = time;
        _tokensPerTick = options.MessagesPerSecond / time.TimestampFrequency;
        _capacity = options.MessageBurst;
        _refusalsBeforeDisconnect = options.RateLimitedMessagesBeforeDisconnect;
        _tokens = _capacity;
        _last = time.GetTimestamp();
    }

    /// <summary>Refusals since the bucket was last full.</summary>
    public int Refusals => _refusals;

    /// <summary>True once <see cref="TryTake"/> said <see cref="RateLimitDecision.Disconnect"/>.</summary>
    public bool Exhausted => _refusals >= _refusalsBeforeDisconnect;

    /// <summary>Takes a token for one message that arrived now.</summary>
    public RateLimitDecision TryTake()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + ((now - _last) * _tokensPerTick));
        _last = now;
        if (_tokens >= _capacity)
        {
            _refusals = 0;
        }

        if (_tokens >= 1)
        {
            _tokens -= 1;
            return RateLimitDecision.Allowed;
        }

        _refusals++;
        return _refusals >= _refusalsBeforeDisconnect ? RateLimitDecision.Disconnect : RateLimitDecision.Refused;
    }
}
