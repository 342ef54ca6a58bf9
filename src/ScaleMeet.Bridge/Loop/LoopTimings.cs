using System.Diagnostics.Metrics;

namespace ScaleMeet.Bridge.Loop;

/// <summary>
/// How long each iteration of the <see cref="MediaLoop"/> takes, from waking up (a datagram, a command or the tick)
/// to going back to sleep, in <see cref="TimeProvider.GetTimestamp"/> ticks: the worst iteration since the previous
/// <see cref="TakeWorst"/> (the statistics sample takes it once per sample interval), a total count, and every
/// iteration recorded into an optional histogram (seconds, fixed buckets from <see cref="BucketBoundaries"/>).
/// An iteration that takes long is time every other conference on the loop waited: this is the figure the
/// feedback budgets keep low. Threading: <see cref="Record"/> and <see cref="TakeWorst"/> on the loop thread;
/// <see cref="Iterations"/> from any thread. No allocation.
/// </summary>
internal sealed class LoopTimings
{
    /// <summary>Upper bounds of the histogram's buckets, seconds: 50 µs … 250 ms (the target is ≤ 5 ms).</summary>
    public static readonly IReadOnlyList<double> BucketBoundaries =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

    private readonly Histogram<double>? _histogram;
    private readonly double _secondsPerTick;
    private long _worstTicks;
    private long _iterations;

    /// <param name="histogram">Where every iteration's duration goes, seconds; null: none.</param>
    /// <param name="timestampFrequency">Ticks per second of the timestamps <see cref="Record"/> gets.</param>
    public LoopTimings(Histogram<double>? histogram, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timestampFrequency, 0);
        _histogram = histogram;
        _secondsPerTick = 1.0 / timestampFrequency;
    }

    /// <summary>Iterations recorded since start. Any thread.</summary>
    public long Iterations => Volatile.Read(ref _iterations);

    /// <summary>One iteration took <paramref name="elapsedTicks"/>. Loop thread.</summary>
    public void Record(long elapsedTicks)
    {
        if (elapsedTicks < 0)
        {
            elapsedTicks = 0;
        }

        if (elapsedTicks > _worstTicks)
        {
            _worstTicks = elapsedTicks;
        }

        Volatile.Write(ref _iterations, _iterations + 1);
        _histogram?.Record(elapsedTicks * _secondsPerTick);
    }

    /// <summary>The longest iteration since the previous call, seconds (0 when none ran), and starts a new interval. Loop thread.</summary>
    public double TakeWorst()
    {
        var worst = _worstTicks;
        _worstTicks = 0;
        return worst * _secondsPerTick;
    }
}
