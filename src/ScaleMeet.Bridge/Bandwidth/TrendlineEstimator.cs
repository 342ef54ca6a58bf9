namespace ScaleMeet.Bridge.Bandwidth;

/// <summary>
/// The delay-based detector of GCC as libwebrtc runs it (draft-ietf-rmcat-gcc-02 §5.3–5.4, trendline variant):
/// group delay variations are accumulated into a queueing-delay curve, smoothed exponentially, and a least-squares
/// line is fitted over the last N groups against arrival time. The slope (ms of queue per ms) times
/// min(groups, 60) × gain is compared with a threshold that adapts to the signal (up slowly, down fast, 6–600 ms),
/// so competing TCP flows do not starve us. Overuse needs the signal above the threshold for more than
/// <c>overuseTime</c> of send time, two groups in a row, and a non-falling trend. Loop-thread only; no allocation
/// after construction.
/// </summary>
internal sealed class TrendlineEstimator
{
    private const int MaxDeltaCount = 60;
    private const double ThresholdUpGain = 0.0087;
    private const double ThresholdDownGain = 0.039;
    private const double MinThresholdMs = 6;
    private const double MaxThresholdMs = 600;
    private const double MaxThresholdJumpMs = 15;
    private const double MaxThresholdStepMs = 100;

    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double _smoothing;
    private readonly double _gain;
    private readonly double _overuseTimeMs;
    private int _next;
    private int _filled;
    private int _deltaCount;
    private long _firstArrival = -1;
    private double _accumulatedDelay;
    private double _smoothedDelay;
    private double _previousTrend;
    private double _timeOverUsingMs = -1;
    private int _overuseCount;
    private long _lastThresholdUpdate = -1;

    public TrendlineEstimator(int window, double smoothing, double gain, double initialThresholdMs,
        double overuseTimeMs)
    {
        _x = new double[window];
        _y = new double[window];
        _smoothing = smoothing;
        _gain = gain;
        _overuseTimeMs = overuseTimeMs;
        ThresholdMs = initialThresholdMs;
    }

    /// <summary>Current hypothesis.</summary>
    public BandwidthUsage State { get; private set; }

    /// <summary>The adaptive threshold, ms.</summary>
    public double ThresholdMs { get; private set; }

    /// <summary>Last fitted slope (queue growth per unit time; 0.05 means the queue grows 5 ms per 100 ms).</summary>
    public double Trend { get; private set; }

    /// <summary>
    /// Feeds one group delta. <paramref name="groupArrival"/> is on the receiver's clock,
    /// <paramref name="now"/> on ours (it paces the threshold adaptation); all µs.
    /// </summary>
    public BandwidthUsage Update(long sendDelta, long arrivalDelta, long groupArrival, long now)
    {
        var sendDeltaMs = sendDelta / 1000.0;
        var delayMs = (arrivalDelta - sendDelta) / 1000.0;
        _deltaCount = Math.Min(_deltaCount + 1, MaxDeltaCount);
        if (_firstArrival < 0)
        {
            _firstArrival = groupArrival;
        }

        _accumulatedDelay += delayMs;
        _smoothedDelay = (_smoothing * _smoothedDelay) + ((1 - _smoothing) * _accumulatedDelay);
        _x[_next] = (groupArrival - _firstArrival) / 1000.0;
        _y[_next] = _smoothedDelay;
        _next = (_next + 1) % _x.Length;
        _filled = Math.Min(_filled + 1, _x.Length);
        if (_filled == _x.Length)
        {
            Trend = Slope() ?? Trend;
        }

        Detect(sendDeltaMs, now);
        return State;
    }

    /// <summary>Starts the curve afresh (after a gap); the threshold and the hypothesis are kept.</summary>
    public void Reset()
    {
        _next = _filled = _deltaCount = 0;
        _firstArrival = -1;
        _accumulatedDelay = _smoothedDelay = 0;
        _timeOverUsingMs = -1;
        _overuseCount = 0;
    }

    private double? Slope()
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < _filled; i++)
        {
            meanX += _x[i];
            meanY += _y[i];
        }

        meanX /= _filled;
        meanY /= _filled;
        double numerator = 0, denominator = 0;
        for (var i = 0; i < _filled; i++)
        {
            var dx = _x[i] - meanX;
            numerator += dx * (_y[i] - meanY);
            denominator += dx * dx;
        }

        return denominator == 0 ? null : numerator / denominator;
    }

    private void Detect(double sendDeltaMs, long now)
    {
        var modified = Math.Min(_deltaCount, MaxDeltaCount) * Trend * _gain;
        if (modified > ThresholdMs)
        {
            _timeOverUsingMs = _timeOverUsingMs < 0 ? sendDeltaMs / 2 : _timeOverUsingMs + sendDeltaMs;
            _overuseCount++;
            if (_timeOverUsingMs > _overuseTimeMs && _overuseCount > 1 && Trend >= _previousTrend)
            {
                _timeOverUsingMs = 0;
                _overuseCount = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else
        {
            _timeOverUsingMs = -1;
            _overuseCount = 0;
            State = modified < -ThresholdMs ? BandwidthUsage.Underusing : BandwidthUsage.Normal;
        }

        _previousTrend = Trend;
        AdaptThreshold(modified, now);
    }

    private void AdaptThreshold(double modified, long now)
    {
        if (_lastThresholdUpdate < 0)
        {
            _lastThresholdUpdate = now;
        }

        var magnitude = Math.Abs(modified);
        if (magnitude > ThresholdMs + MaxThresholdJumpMs)
        {
            // A spike (e.g. a route change) should not drag the threshold along.
            _lastThresholdUpdate = now;
            return;
        }

        var gain = magnitude < ThresholdMs ? ThresholdDownGain : ThresholdUpGain;
        var elapsedMs = Math.Clamp((now - _lastThresholdUpdate) / 1000.0, 0, MaxThresholdStepMs);
        ThresholdMs = Math.Clamp(ThresholdMs + (gain * (magnitude - ThresholdMs) * elapsedMs), MinThresholdMs,
            MaxThresholdMs);
        _lastThresholdUpdate = now;
    }
}
