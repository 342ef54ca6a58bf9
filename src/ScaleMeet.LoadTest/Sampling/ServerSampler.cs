using System.Diagnostics;

namespace ScaleMeet.LoadTest.Sampling;

/// <summary>One second of the server as seen from outside: its process's CPU and memory, and what it reports itself.</summary>
public sealed record ServerMeasurement(double? CpuCores, double? RssMb, ServerReportedStats? Reported);

/// <summary>
/// Samples the server process (when it runs on this machine) and the server's own figures (ScaleMeet's <c>/stats</c>),
/// and keeps the load generator's own peak memory. CPU is the process's CPU time since the previous sample ÷ wall time.
/// </summary>
public sealed class ServerSampler(ProcessProbe? server, ServerStatsReader? stats)
{
    private readonly ProcessProbe _self = new(Environment.ProcessId);
    private readonly CpuRate _cpu = new();

    /// <summary>The server's process id, when known.</summary>
    public int? ServerPid => server?.Pid;

    /// <summary>Largest resident memory of the load generator seen by <see cref="SampleAsync"/>, MB.</summary>
    public double GeneratorPeakRssMb { get; private set; }

    public void Start()
    {
        _cpu.Next(server?.CpuSeconds(), Stopwatch.GetTimestamp());
        GeneratorPeakRssMb = Math.Max(GeneratorPeakRssMb, _self.RssMegabytes() ?? 0);
    }

    public async Task<ServerMeasurement> SampleAsync(CancellationToken cancellationToken)
    {
        var cores = _cpu.Next(server?.CpuSeconds(), Stopwatch.GetTimestamp());
        GeneratorPeakRssMb = Math.Max(GeneratorPeakRssMb, _self.RssMegabytes() ?? 0);
        var reported = stats is null ? null : await stats.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ServerMeasurement(cores, server?.RssMegabytes(), reported);
    }
}
