using System.Globalization;

namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// How the bridge measures its stress level (Jitsi Videobridge semantics: measurement ÷ threshold, so 1.0 means
/// fully loaded). Bound from <c>ScaleMeet:Bridge:Stress</c>. The focus and the autoscaler act on the figure, so a
/// threshold set too high hides overload and one set too low wastes bridges.
/// </summary>
public sealed class StressOptions
{
    /// <summary>The measurement that makes <see cref="Cpu"/> the stress source.</summary>
    public const string Cpu = "cpu";

    /// <summary>The measurement that makes packets received + sent per second the stress source.</summary>
    public const string PacketRate = "packet-rate";

    /// <summary>How often the bridge's statistics (stress included) are recomputed. Default 5 s; 100 ms .. 10 min.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>cpu</c> (default): this process's CPU time over the interval ÷ (wall time × processor count).
    /// <c>packet-rate</c>: datagrams received + sent per second.
    /// </summary>
    public string Measurement { get; set; } = Cpu;

    /// <summary>CPU usage (0..1 of all processors) that counts as stress 1.0. Default 0.9.</summary>
    public double CpuThreshold { get; set; } = 0.9;

    /// <summary>Datagrams received + sent per second that count as stress 1.0. Default 50 000.</summary>
    public double PacketRateThreshold { get; set; } = 50_000;

    /// <summary>The stress one more participant is assumed to add, published for the focus's bridge selection. Default 0.01.</summary>
    public double AverageParticipantStress { get; set; } = 0.01;

    /// <summary>True when <see cref="Measurement"/> is <c>packet-rate</c> (case-insensitive).</summary>
    internal bool UsesPacketRate => string.Equals(Measurement, PacketRate, StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the first problem found, naming the setting under <paramref name="section"/>, or null.</summary>
    public string? Validate(string section)
    {
        var prefix = section + ":Stress";
        if (SampleInterval < TimeSpan.FromMilliseconds(100) || SampleInterval > TimeSpan.FromMinutes(10))
        {
            return $"{prefix}:SampleInterval must be 00:00:00.1 .. 00:10:00 (was {SampleInterval})";
        }

        if (!string.Equals(Measurement, Cpu, StringComparison.OrdinalIgnoreCase) && !UsesPacketRate)
        {
            return $"{prefix}:Measurement must be '{Cpu}' or '{PacketRate}' (was '{Measurement}')";
        }

        if (!(CpuThreshold is > 0 and <= 1))
        {
            return $"{prefix}:CpuThreshold must be greater than 0 and at most 1 (was {Format(CpuThreshold)})";
        }

        if (!(PacketRateThreshold is >= 1 and <= 100_000_000))
        {
            return $"{prefix}:PacketRateThreshold must be 1 .. 100000000 packets/s (was {Format(PacketRateThreshold)})";
        }

        if (!(AverageParticipantStress is >= 0 and <= 1))
        {
            return $"{prefix}:AverageParticipantStress must be 0 .. 1 (was {Format(AverageParticipantStress)})";
        }

        return null;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
