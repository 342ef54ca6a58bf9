using ScaleMeet.LoadTest.Cli;
using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Running;

/// <summary>Everything a finished run collected, before it becomes <see cref="LoadResults"/>. Window times are seconds since the origin.</summary>
internal sealed record RunRecord(LoadOptions Options, string System, DateTimeOffset StartedAt, bool Interrupted, IReadOnlyList<LoadParticipant> Participants,
    StatisticsSnapshot[] WindowStart, StatisticsSnapshot[] WindowEnd, double WindowStartSeconds, double WindowEndSeconds,
    IReadOnlyList<ServerSample> Samples, double? GeneratorCpuStart, double? GeneratorCpuEnd, double GeneratorPeakRssMb = 0);
