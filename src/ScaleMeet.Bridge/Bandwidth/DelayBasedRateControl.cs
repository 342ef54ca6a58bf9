namespace ScaleMeet.Bridge.Bandwidth;

/// <summary>
/// The delay-based rate of GCC (draft-ietf-rmcat-gcc-02 §5.5, AIMD): on overuse the rate drops to a fraction of
/// what the receiver actually got (the acked rate), at most once per decrease interval; while delay is normal it
/// grows by the increase factor per second of elapsed time, but not past a cap the caller derives from the acked
/// rate (the cap stops growth, it never cuts); on underuse (a queue draining) it holds. Times in µs, rates in
/// bits/s; loop-thread only.
/// </summary>
internal sealed class DelayBasedRateControl
{
    private readonly double _backoff;
    private readonly long _decreaseInterval;
    private readonly double _increaseFactor;
    private readonly long _maxStep;
    private readonly long _min;
    private readonly long _max;
    private long _lastUpdate = -1;
    private long _lastDecrease = long.MinValue / 2;

    public DelayBasedRateControl(BandwidthEstimatorOptions options)
    {
        _backoff = options.OveruseBackoff;
        _decreaseInterval = BandwidthEstimatorOptions.Micros(options.DecreaseInterval);
        _increaseFactor = options.IncreaseFactorPerSecond;
        _maxStep = BandwidthEstimatorOptions.Micros(options.MaxIncreaseStep);
        _min = options.MinBitrate;
        _max = options.MaxBitrate;
        Rate = options.InitialBitrate;
    }

    /// <summary>Current delay-based rate, bits/s.</summary>
    public long Rate { get; private set; }

    /// <summary>Forgets elapsed time (after a feedback gap), so the gap is not credited as growth.</summary>
    public void Restart(long now) => _lastUpdate = now;

    /// <summary>Once per feedback, with the detector's state, the acked rate (0: unknown) and the growth cap.</summary>
    public void Update(BandwidthUsage state, long acked, long cap, long now)
    {
        var elapsed = _lastUpdate < 0 ? 0 : Math.Clamp(now - _lastUpdate, 0, _maxStep);
        _lastUpdate = now;
        switch (state)
        {
            case BandwidthUsage.Overusing when now - _lastDecrease >= _decreaseInterval:
                var decreased = (long)(_backoff * (acked > 0 ? acked : Rate));
                if (decreased < Rate)
                {
                    Rate = decreased;
                    _lastDecrease = now;
                }

                break;
            case BandwidthUsage.Normal:
                var increased = (long)(Rate * Math.Pow(_increaseFactor, elapsed / 1e6));
                Rate = Math.Min(increased, Math.Max(cap, Rate));
                break;
        }

        Rate = Math.Clamp(Rate, _min, _max);
    }
}
