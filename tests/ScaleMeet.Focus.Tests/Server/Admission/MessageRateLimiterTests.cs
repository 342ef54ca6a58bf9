using ScaleMeet.Server.Admission;

namespace ScaleMeet.Focus.Tests.Server.Admission;

/// <summary>The token bucket of one signaling connection, on a clock that moves only when told.</summary>
public sealed class MessageRateLimiterTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void TryTake_Burst_AllowedThenRefused()
    {
        var limiter = Create(rate: 10, burst: 5, refusalsBeforeDisconnect: 100);

        var decisions = Enumerable.Range(0, 7).Select(_ => limiter.TryTake()).ToArray();

        Assert.Equal([.. Enumerable.Repeat(RateLimitDecision.Allowed, 5), RateLimitDecision.Refused, RateLimitDecision.Refused], decisions);
        Assert.Equal(2, limiter.Refusals);
    }

    [Fact]
    public void TryTake_AfterEmptyBucket_RefillsAtTheRate()
    {
        var limiter = Create(rate: 10, burst: 5, refusalsBeforeDisconnect: 100);
        Drain(limiter, 5);

        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(RateLimitDecision.Refused, limiter.TryTake());
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(RateLimitDecision.Allowed, limiter.TryTake());
        Assert.Equal(RateLimitDecision.Refused, limiter.TryTake());

        // 350 ms at 10/s = 3.5 tokens: three messages.
        _clock.Advance(TimeSpan.FromMilliseconds(350));
        Assert.Equal([RateLimitDecision.Allowed, RateLimitDecision.Allowed, RateLimitDecision.Allowed, RateLimitDecision.Refused],
            Enumerable.Range(0, 4).Select(_ => limiter.TryTake()));
    }

    [Fact]
    public void TryTake_LongPause_RefillsToTheBurstOnly()
    {
        var limiter = Create(rate: 10, burst: 5, refusalsBeforeDisconnect: 100);
        Drain(limiter, 5);

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => limiter.TryTake() == RateLimitDecision.Allowed));
    }

    [Fact]
    public void TryTake_KeepsFlooding_DisconnectAtTheConfiguredRefusal()
    {
        var limiter = Create(rate: 10, burst: 5, refusalsBeforeDisconnect: 3);
        Drain(limiter, 5);

        Assert.Equal(RateLimitDecision.Refused, limiter.TryTake());
        Assert.Equal(RateLimitDecision.Refused, limiter.TryTake());
        Assert.False(limiter.Exhausted);
        Assert.Equal(RateLimitDecision.Disconnect, limiter.TryTake());
        Assert.True(limiter.Exhausted);
    }

    [Fact]
    public void TryTake_FloodingJustAboveTheRate_RefusalsAccumulateToDisconnect()
    {
        // 12 messages a second against a rate of 10: some get through, the bucket never fills again.
        var limiter = Create(rate: 10, burst: 5, refusalsBeforeDisconnect: 10);
        var decisions = new List<RateLimitDecision>();
        while (decisions.LastOrDefault() != RateLimitDecision.Disconnect && decisions.Count < 10_000)
        {
            decisions.Add(limiter.TryTake());
            _clock.Advance(TimeSpan.FromSeconds(1.0 / 12));
        }

        Assert.Equal(RateLimitDecision.Disconnect, decisions[^1]);
        Assert.Equal(9, decisions.Count(d => d == RateLimitDecision.Refused));
        Assert.True(decisions.Count(d => d == RateLimitDecision.Allowed) > 5, "messages within the rate kept getting through meanwhile");
    }

    [Fact]
    public void TryTake_PauseUntilFullAfterRefusals_CountStartsAfresh()
    {
        var limiter = Create(rate: 10, burst: 5, refusalsBeforeDisconnect: 3);
        Drain(limiter, 5);
        Assert.Equal(RateLimitDecision.Refused, limiter.TryTake());
        Assert.Equal(RateLimitDecision.Refused, limiter.TryTake());

        // Not quite full (4.9 tokens): the refusals stand.
        _clock.Advance(TimeSpan.FromMilliseconds(490));
        Drain(limiter, 4);
        Assert.Equal(RateLimitDecision.Disconnect, limiter.TryTake());

        var fresh = Create(rate: 10, burst: 5, refusalsBeforeDisconnect: 3);
        Drain(fresh, 5);
        Assert.Equal(RateLimitDecision.Refused, fresh.TryTake());
        Assert.Equal(RateLimitDecision.Refused, fresh.TryTake());
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        Drain(fresh, 5);
        Assert.Equal(0, fresh.Refusals);
        Assert.Equal(RateLimitDecision.Refused, fresh.TryTake());
        Assert.Equal(RateLimitDecision.Refused, fresh.TryTake());
    }

    private MessageRateLimiter Create(double rate, int burst, int refusalsBeforeDisconnect) =>
        new(new AdmissionOptions { MessagesPerSecond = rate, MessageBurst = burst, RateLimitedMessagesBeforeDisconnect = refusalsBeforeDisconnect }, _clock);

    private static void Drain(MessageRateLimiter limiter, int allowed)
    {
        for (var i = 0; i < allowed; i++)
        {
            Assert.Equal(RateLimitDecision.Allowed, limiter.TryTake());
        }
    }
}
