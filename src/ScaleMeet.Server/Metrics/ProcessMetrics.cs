using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ScaleMeet.Server.Metrics;

/// <summary>
/// Meter <c>ScaleMeet.Process</c>: the process figures Prometheus client libraries usually export, under the
/// same names. All observable, read at scrape time without allocating (beyond the collection counts' list).
/// The meter comes from <paramref name="meterFactory"/>, which owns and disposes it.
/// </summary>
internal sealed class ProcessMetrics
{
    public const string MeterName = "ScaleMeet.Process";

    private static readonly KeyValuePair<string, object?>[][] GenerationTags =
        [[new("generation", "0")], [new("generation", "1")], [new("generation", "2")]];

    public ProcessMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(new MeterOptions(MeterName));
        var startTime = StartTimeUnixSeconds();
        Meter.CreateObservableCounter("process_cpu_seconds", static () => Environment.CpuUsage.TotalTime.TotalSeconds, unit: "s",
            description: "Total user and system CPU time spent, in seconds.");
        Meter.CreateObservableGauge("process_resident_memory_bytes", static () => Environment.WorkingSet, unit: "By",
            description: "Resident memory size, in bytes.");
        Meter.CreateObservableGauge("process_start_time_seconds", () => startTime, unit: "s",
            description: "Start time of the process since the Unix epoch, in seconds.");
        Meter.CreateObservableGauge("dotnet_gc_heap_bytes", static () => GC.GetTotalMemory(forceFullCollection: false), unit: "By",
            description: "Bytes the managed heap holds now, by the garbage collector's estimate (GC.GetTotalMemory).");
        Meter.CreateObservableGauge("dotnet_gc_committed_bytes", static () => GC.GetGCMemoryInfo().TotalCommittedBytes, unit: "By",
            description: "Bytes of memory the garbage collector has committed for the managed heap as of the last collection (part of the resident memory).");
        Meter.CreateObservableCounter("dotnet_gc_collections", static () => CollectionCounts(), unit: "{collection}",
            description: "Garbage collections since start, by generation (a collection of a generation also collects the younger ones and counts for them).");
    }

    /// <summary>The meter (owned by the factory).</summary>
    public Meter Meter { get; }

    private static Measurement<long>[] CollectionCounts() =>
    [
        new(GC.CollectionCount(0), GenerationTags[0]),
        new(GC.CollectionCount(1), GenerationTags[1]),
        new(GC.CollectionCount(2), GenerationTags[2]),
    ];

    private static double StartTimeUnixSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return (process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;
    }
}
