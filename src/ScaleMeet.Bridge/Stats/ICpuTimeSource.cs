namespace ScaleMeet.Bridge.Stats;

/// <summary>Where the CPU stress measurement reads the process's CPU time (replaced by a fake in tests).</summary>
internal interface ICpuTimeSource
{
    /// <summary>CPU time this process has used since it started (user + kernel, all threads). Any thread.</summary>
    TimeSpan TotalProcessorTime { get; }

    /// <summary>Processors the process may use: full load is this many CPU-seconds per second.</summary>
    int ProcessorCount { get; }
}
