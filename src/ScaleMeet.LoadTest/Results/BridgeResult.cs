namespace ScaleMeet.LoadTest.Results;

/// <summary>
/// One bridge of the pool behind the target focus (from its <c>/api/bridges</c>), and how it fared over the run: one
/// sample per second, from the registry (state, stress, participants, conferences) and from the bridge's own
/// <c>/stats</c> (CPU, resident memory; null for the all-in-one's embedded bridge, whose process is the server's).
/// </summary>
public sealed record BridgeResult
{
    public required string Id { get; init; }

    /// <summary>"" when the bridge has none.</summary>
    public required string Region { get; init; }

    /// <summary>The <c>ip:port</c> pairs its ICE candidates name; a participant's media address picks its bridge.</summary>
    public required IReadOnlyList<string> MediaAddresses { get; init; }

    /// <summary>Rooms that had participants on this bridge at the end of the run, in name order.</summary>
    public required IReadOnlyList<string> Rooms { get; init; }

    /// <summary>Synthetic participants on this bridge at the end of the run.</summary>
    public required int Participants { get; init; }

    /// <summary>Mean CPU over the measurement window, cores; null when not measured.</summary>
    public double? CpuCores { get; init; }

    public double? PeakRssMb { get; init; }

    /// <summary>Largest stress the focus's registry showed over the run.</summary>
    public double? PeakStress { get; init; }

    public required IReadOnlyList<BridgeSample> Samples { get; init; }
}

/// <summary>One second of one bridge.</summary>
public sealed record BridgeSample
{
    /// <summary>Seconds since the first join (the same clock as <see cref="ServerSample.T"/>).</summary>
    public required double T { get; init; }

    /// <summary>The registry's state: Connecting, Active, Draining, ShuttingDown or Lost.</summary>
    public required string State { get; init; }

    public double? CpuCores { get; init; }

    public double? RssMb { get; init; }

    public required double Stress { get; init; }

    public required int Participants { get; init; }

    public required int Conferences { get; init; }
}
