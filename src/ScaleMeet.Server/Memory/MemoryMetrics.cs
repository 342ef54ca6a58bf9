using System.Diagnostics.Metrics;
using ScaleMeet.Server.Metrics;

namespace ScaleMeet.Server.Memory;

/// <summary>
/// What the <see cref="MemoryTrimmer"/> did, on meter <c>ScaleMeet.Process</c> (from <paramref name="meterFactory"/>,
/// which owns it): <c>scalemeet_memory_trims_total{reason}</c> and <c>scalemeet_memory_trim_pause_seconds_total</c>.
/// Observable, read at scrape time.
/// </summary>
internal sealed class MemoryMetrics
{
    private static readonly KeyValuePair<string, object?>[] Idle = [new("reason", "idle")];
    private static readonly KeyValuePair<string, object?>[] Garbage = [new("reason", "garbage")];

    public MemoryMetrics(MemoryTrimmer trimmer, IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions(ProcessMetrics.MeterName));
        meter.CreateObservableCounter("scalemeet_memory_trims", () => new[]
            {
                new Measurement<long>(trimmer.IdleTrims, Idle),
                new Measurement<long>(trimmer.GarbageTrims, Garbage),
            },
            unit: "{collection}",
            description: "Compacting collections that returned memory: after calls ended (idle) or during calls because garbage built up (garbage).");
        meter.CreateObservableCounter("scalemeet_memory_trim_pause_seconds", () => trimmer.PauseTotal.TotalSeconds, unit: "s",
            description: "Time the process was paused in those collections.");
    }
}
