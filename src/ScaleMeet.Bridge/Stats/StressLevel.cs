namespace ScaleMeet.Bridge.Stats;

/// <summary>Stress = measurement ÷ threshold (1.0: fully loaded; above 1: overloaded). Never negative.</summary>
internal static class StressLevel
{
    /// <summary>
    /// CPU stress: <paramref name="cpuTime"/> used over <paramref name="wallTime"/> on <paramref name="processors"/>
    /// processors is a usage of cpu ÷ (wall × processors), divided by <paramref name="threshold"/> (a usage, 0..1).
    /// </summary>
    public static double FromCpu(TimeSpan cpuTime, TimeSpan wallTime, int processors, double threshold)
    {
        if (wallTime <= TimeSpan.Zero || processors <= 0 || cpuTime <= TimeSpan.Zero)
        {
            return 0;
        }

        var usage = cpuTime.TotalSeconds / (wallTime.TotalSeconds * processors);
        return usage / threshold;
    }

    /// <summary>Packet-rate stress: datagrams per second (received + sent) ÷ <paramref name="threshold"/> (datagrams per second).</summary>
    public static double FromPacketRate(double packetsPerSecond, double threshold) =>
        packetsPerSecond <= 0 ? 0 : packetsPerSecond / threshold;
}
