namespace ScaleMeet.Bridge.Stats;

/// <summary>The real process: <see cref="Environment.CpuUsage"/> (no <c>Process</c> object, no allocation).</summary>
internal sealed class ProcessCpuTimeSource : ICpuTimeSource
{
    public static readonly ProcessCpuTimeSource Instance = new();

    public TimeSpan TotalProcessorTime => Environment.CpuUsage.TotalTime;

    public int ProcessorCount => Environment.ProcessorCount;
}
