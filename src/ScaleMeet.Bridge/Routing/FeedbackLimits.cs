namespace ScaleMeet.Bridge.Routing;

/// <summary>The feedback budgets of <see cref="BudgetOptions"/> in loop timestamp ticks, computed once. Immutable.</summary>
internal sealed class FeedbackLimits
{
    private readonly long _frequency;
    private readonly long _minResend;
    private readonly long _defaultRoundTrip;

    public FeedbackLimits(BudgetOptions options, long frequency)
    {
        _frequency = frequency;
        _minResend = Ticks(options.RetransmitMinInterval);
        _defaultRoundTrip = Ticks(options.RetransmitDefaultRoundTrip);
        ReceiverKeyframeInterval = Ticks(options.ReceiverKeyframeRequestInterval);
        MaxNackedPacketsPerCompound = options.MaxNackedPacketsPerCompound;
        MaxTransportCcStatuses = options.MaxTransportCcStatuses;
    }

    /// <summary>One receiver's keyframe requests for one track are passed on at most once per this many ticks.</summary>
    public long ReceiverKeyframeInterval { get; }

    public int MaxNackedPacketsPerCompound { get; }

    public int MaxTransportCcStatuses { get; }

    /// <summary>How long a packet resent to a receiver with round trip <paramref name="roundTrip"/> is not resent again, ticks.</summary>
    public long ResendInterval(TimeSpan? roundTrip) => Math.Max(_minResend, roundTrip is { } rtt ? Ticks(rtt) : _defaultRoundTrip);

    private long Ticks(TimeSpan span) => (long)((Int128)span.Ticks * _frequency / TimeSpan.TicksPerSecond);
}
