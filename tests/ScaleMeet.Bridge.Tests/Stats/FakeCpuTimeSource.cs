using ScaleMeet.Bridge.Stats;

namespace ScaleMeet.Bridge.Tests.Stats;

/// <summary>CPU time that advances only when the test says so, on a fixed number of processors.</summary>
internal sealed class FakeCpuTimeSource(int processors) : ICpuTimeSource
{
    public TimeSpan TotalProcessorTime { get; private set; } = TimeSpan.FromSeconds(3);

    public int ProcessorCount { get; } = processors;

    public void Use(TimeSpan cpu) => TotalProcessorTime += cpu;
}
