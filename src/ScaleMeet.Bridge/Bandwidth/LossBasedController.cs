namespace ScaleMeet.Bridge.Bandwidth;

/// <summary>
/// The loss-based half of GCC (draft-ietf-rmcat-gcc-02 §6): the loss fraction of the last measurement window
/// decides: above the high mark the target is cut by half the loss (at most once per window and per decrease
/// interval); below the low mark it grows by the increase factor per second of elapsed time (credited up to one
/// step); in between it holds. A window closes after enough reported packets (or enough time with a minimum),
/// not per feedback message, so 5 % random loss is not read as 10 %. Times in µs; loop-thread only.
/// </summary>
internal sealed class LossBasedController
{
    private readonly double _low;
    private readonly double _high;
    private readonly int _windowPackets;
    private readonly int _windowMinPackets;
    private readonly long _windowMaxDuration;
    private readonly long _decreaseInterval;
    private readonly double _increaseFactor;
    private readonly long _maxStep;
    private int _expected;
    private int _lost;
    private long _windowStart = -1;
    private long _lastUpdate = -1;
    private long _lastDecrease = long.MinValue / 2;
    private bool _fresh;

    public LossBasedController(BandwidthEstimatorOptions options)
    {
        _low = options.LowLossFraction;
        _high = options.HighLossFraction;
        _windowPackets = options.LossWindowPackets;
        _windowMinPackets = options.LossWindowMinPackets;
        _windowMaxDuration = BandwidthEstimatorOptions.Micros(options.LossWindowMaxDuration);
        _decreaseInterval = BandwidthEstimatorOptions.Micros(options.LossDecreaseInterval);
        _increaseFactor = options.IncreaseFactorPerSecond;
        _maxStep = BandwidthEstimatorOptions.Micros(options.MaxIncreaseStep);
    }

    /// <summary>Loss fraction of the last closed window, 0..1 (0 before the first).</summary>
    public double LossFraction { get; private set; }

    /// <summary>A packet's first report: received or lost.</summary>
    public void OnReported(bool lost)
    {
        _expected++;
        _lost += lost ? 1 : 0;
    }

    /// <summary>A packet reported lost earlier was reported received after all.</summary>
    public void OnRecovered() => _lost = Math.Max(0, _lost - 1);

    /// <summary>Forgets elapsed time (after a feedback gap), so the gap is not credited as growth.</summary>
    public void Restart(long now) => _lastUpdate = now;

    /// <summary>Once per feedback: closes the window when due and returns the new target.</summary>
    public long Update(long target, long now)
    {
        if (_windowStart < 0)
        {
            _windowStart = now;
        }

        if (_expected >= _windowPackets || (_expected >= _windowMinPackets && now - _windowStart >= _windowMaxDuration))
        {
            LossFraction = Math.Clamp((double)_lost / _expected, 0, 1);
            _expected = _lost = 0;
            _windowStart = now;
            _fresh = true;
        }

        var elapsed = _lastUpdate < 0 ? 0 : Math.Clamp(now - _lastUpdate, 0, _maxStep);
        _lastUpdate = now;
        if (LossFraction < _low)
        {
            return (long)(target * Math.Pow(_increaseFactor, elapsed / 1e6));
        }

        if (LossFraction > _high && _fresh && now - _lastDecrease >= _decreaseInterval)
        {
            _fresh = false;
            _lastDecrease = now;
            return (long)(target * (1 - (0.5 * LossFraction)));
        }

        return target;
    }
}
