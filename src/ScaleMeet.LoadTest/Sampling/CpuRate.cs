using System.Diagnostics;

namespace ScaleMeet.LoadTest.Sampling;

/// <summary>
/// A process's CPU use in cores from successive readings of its CPU seconds: the difference since the previous reading
/// ÷ the wall time between them. Null for the first reading and after an unreadable one. One sampling loop uses it.
/// </summary>
public sealed class CpuRate
{
    private double? _lastCpu;
    private long _lastAt;

    /// <summary>Takes the reading <paramref name="cpuSeconds"/> (null: unreadable) made at <paramref name="at"/>, a <see cref="Stopwatch"/> timestamp.</summary>
    public double? Next(double? cpuSeconds, long at)
    {
        double? cores = null;
        if (cpuSeconds is { } cpu && _lastCpu is { } last)
        {
            var seconds = Stopwatch.GetElapsedTime(_lastAt, at).TotalSeconds;
            cores = seconds > 0 ? Math.Max(0, cpu - last) / seconds : null;
        }

        _lastCpu = cpuSeconds;
        _lastAt = at;
        return cores;
    }
}
