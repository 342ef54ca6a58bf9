using ScaleMeet.LoadTest.Cli;
using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.LoadTest.Results;
using ScaleMeet.LoadTest.Sampling;

namespace ScaleMeet.LoadTest.Running;

/// <summary>
/// Everything a finished run collected, before it becomes <see cref="LoadResults"/>. Window times are seconds since the
/// origin. <see cref="MediaAddresses"/> holds each participant's server media address just before it left (null when
/// unknown); <see cref="Bridges"/> the pool's bridges and their samples (empty when the target has no registry).
/// </summary>
internal sealed record RunRecord(LoadOptions Options, string System, DateTimeOffset StartedAt, bool Interrupted, IReadOnlyList<LoadParticipant> Participants,
    StatisticsSnapshot[] WindowStart, StatisticsSnapshot[] WindowEnd, double WindowStartSeconds, double WindowEndSeconds,
    IReadOnlyList<ServerSample> Samples, double? GeneratorCpuStart, double? GeneratorCpuEnd, double GeneratorPeakRssMb = 0)
{
    public IReadOnlyList<string?> MediaAddresses { get; init; } = [];

    public IReadOnlyList<(PoolBridge Bridge, IReadOnlyList<BridgeSample> Samples)> Bridges { get; init; } = [];
}
