using ScaleMeet.Media.Rates;

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
    private readonly TokenBucket _bucket;
    private readonly int _refusalsBeforeDisconnect;
    private int _refusals;

    public MessageRateLimiter(AdmissionOptions options, TimeProvider time)
    {
        _time = time;
        _bucket = new TokenBucket(options.MessagesPerSecond, options.MessageBurst, time.TimestampFrequency, time.GetTimestamp());
        _refusalsBeforeDisconnect = options.RateLimitedMessagesBeforeDisconnect;
    }

    /// <summary>Refusals since the bucket was last full.</summary>
    public int Refusals => _refusals;

    /// <summary>True once <see cref="TryTake"/> said <see cref="RateLimitDecision.Disconnect"/>.</summary>
    public bool Exhausted => _refusals >= _refusalsBeforeDisconnect;

    /// <summary>Takes a token for one message that arrived now.</summary>
    public RateLimitDecision TryTake()
    {
        var now = _time.GetTimestamp();
        _bucket.Refill(now);
        if (_bucket.IsFull)
        {
            _refusals = 0;
        }

        if (_bucket.TryTake(1, now))
        {
            return RateLimitDecision.Allowed;
        }

        _refusals++;
        return _refusals >= _refusalsBeforeDisconnect ? RateLimitDecision.Disconnect : RateLimitDecision.Refused;
    }
}
