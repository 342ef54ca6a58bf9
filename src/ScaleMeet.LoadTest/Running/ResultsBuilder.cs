using ScaleMeet.LoadTest.Cli;
using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.LoadTest.Results;
using ScaleMeet.LoadTest.Sampling;

namespace ScaleMeet.LoadTest.Running;

/// <summary>Computes <see cref="LoadResults"/> from a <see cref="RunRecord"/>: per-participant figures over the measurement window and the summary.</summary>
internal static class ResultsBuilder
{
    /// <summary>Joined without error and receiving video and audio from every other sender in its conference.</summary>
    public static bool IsConnected(LoadParticipant participant, in StatisticsSnapshot snapshot) =>
        participant.Joined && participant.Error is null &&
        snapshot.VideoStreams >= participant.ExpectedVideoStreams && snapshot.AudioStreams >= participant.ExpectedVideoStreams;

    public static LoadResults Build(RunRecord run)
    {
        var window = Math.Max(0.001, run.WindowEndSeconds - run.WindowStartSeconds);
        var results = new List<ParticipantResult>(run.Participants.Count);
        var bridgeOf = BridgeByMediaAddress(run.Bridges);
        for (var i = 0; i < run.Participants.Count; i++)
        {
            var address = i < run.MediaAddresses.Count ? run.MediaAddresses[i] : null;
            results.Add(Participant(run.Participants[i], run.WindowStart[i], run.WindowEnd[i], window) with
            {
                Region = run.Participants[i].Region,
                MediaAddress = address,
                Bridge = address is not null && bridgeOf.TryGetValue(address, out var id) ? id : null,
            });
        }

        var inWindow = run.Samples.Where(s => InWindow(s.T, run)).ToList();
        var generatorCores = run.GeneratorCpuStart is { } a && run.GeneratorCpuEnd is { } b ? Math.Max(0, b - a) / window : 0;
        var scenario = run.Options.Scenario;
        return new LoadResults
        {
            Scenario = scenario.Name,
            Target = run.Options.Target.ToString(),
            System = run.System,
            StartedAt = run.StartedAt,
            Duration = Math.Round(window, 3),
            Conferences = scenario.Conferences,
            ParticipantsPerConference = scenario.Participants,
            SendersPerConference = scenario.Senders,
            Interrupted = run.Interrupted,
            Participants = results,
            Server = run.Samples,
            Bridges = Bridges(run, results),
            Generator = new LoadGeneratorResult
            {
                CpuCores = Math.Round(generatorCores, 4),
                MilliCoresPerParticipant = Math.Round(generatorCores * 1000 / Math.Max(1, run.Participants.Count), 3),
                PeakRssMb = Math.Round(run.GeneratorPeakRssMb, 1),
            },
            Summary = Summary(results, inWindow, run.Samples, window, run.WindowStart, run.WindowEnd),
        };
    }

    /// <summary>A sample taken at <paramref name="t"/> whose one-second interval lies inside the measurement window.</summary>
    private static bool InWindow(double t, RunRecord run) => t - 1 >= run.WindowStartSeconds - 0.05 && t <= run.WindowEndSeconds + 0.05;

    /// <summary>Media address → bridge id over every bridge listed (a later listing of an address wins).</summary>
    private static Dictionary<string, string> BridgeByMediaAddress(IReadOnlyList<(PoolBridge Bridge, IReadOnlyList<BridgeSample> Samples)> bridges)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (bridge, _) in bridges)
        {
            foreach (var address in bridge.MediaAddresses)
            {
                map[address] = bridge.Id;
            }
        }

        return map;
    }

    private static List<BridgeResult> Bridges(RunRecord run, List<ParticipantResult> participants)
    {
        var list = new List<BridgeResult>(run.Bridges.Count);
        foreach (var (bridge, samples) in run.Bridges)
        {
            var here = participants.Where(p => p.Bridge == bridge.Id).ToList();
            var cpu = Mean(samples.Where(s => InWindow(s.T, run)).Select(s => s.CpuCores));
            list.Add(new BridgeResult
            {
                Id = bridge.Id,
                Region = bridge.Region,
                MediaAddresses = bridge.MediaAddresses,
                Rooms = [.. here.Select(p => p.Room).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                Participants = here.Count,
                CpuCores = cpu is { } c ? Math.Round(c, 4) : null,
                PeakRssMb = samples.Max(s => s.RssMb),
                PeakStress = samples.Count == 0 ? null : samples.Max(s => s.Stress),
                Samples = samples,
            });
        }

        return list;
    }

    private static ParticipantResult Participant(LoadParticipant p, StatisticsSnapshot start, StatisticsSnapshot end, double window)
    {
        var expected = end.ExpectedPackets - start.ExpectedPackets;
        var lost = Math.Max(0, end.Lost - start.Lost);
        var (rttSum, rttCount) = p.Statistics.RoundTrips.Totals();
        return new ParticipantResult
        {
            Name = p.Name,
            Conference = p.Conference,
            Room = p.Room,
            Sender = p.IsSender,
            Connected = IsConnected(p, end),
            JoinMs = p.JoinedMs - p.JoinStartedMs is { } join ? Math.Round(join, 1) : null,
            FirstFrameMs = p.Statistics.FirstFrameAtMs - p.JoinStartedMs is { } first ? Math.Round(first, 1) : null,
            VideoStreamsExpected = p.ExpectedVideoStreams,
            VideoStreamsReceived = end.VideoStreams,
            AudioStreamsReceived = end.AudioStreams,
            RecvKbps = Math.Round((end.BytesReceived - start.BytesReceived) * 8 / window / 1000, 1),
            SendKbps = Math.Round((end.BytesSent - start.BytesSent) * 8 / window / 1000, 1),
            LossPct = expected <= 0 ? 0 : Math.Round(100.0 * lost / expected, 3),
            JitterMs = end.JitterMs is { } j ? Math.Round(j, 2) : null,
            RttMs = rttCount == 0 ? null : Math.Round(rttSum / rttCount, 2),
            Freezes = Math.Max(0, end.Freezes - start.Freezes),
            FramesPerSecond = Math.Round((end.Frames - start.Frames) / window, 1),
            KeyframeRequests = p.Statistics.KeyframeRequests,
            Error = p.Error ?? (p.Joined && !IsConnected(p, end)
                ? $"receiving video from {end.VideoStreams} and audio from {end.AudioStreams} of {p.ExpectedVideoStreams} senders"
                : null),
        };
    }

    private static RunSummary Summary(List<ParticipantResult> results, List<ServerSample> inWindow, IReadOnlyList<ServerSample> all, double window,
        StatisticsSnapshot[] start, StatisticsSnapshot[] end)
    {
        long lost = 0, expected = 0;
        for (var i = 0; i < start.Length; i++)
        {
            lost += Math.Max(0, end[i].Lost - start[i].Lost);
            expected += end[i].ExpectedPackets - start[i].ExpectedPackets;
        }

        var forwardedMbps = results.Sum(r => r.RecvKbps + r.SendKbps) / 1000;
        var cpu = Mean(inWindow.Select(s => s.CpuCores));
        var rtts = results.Where(r => r.RttMs is not null).Select(r => r.RttMs!.Value).ToList();
        return new RunSummary
        {
            ParticipantsConnected = results.Count(r => r.Connected),
            ParticipantsTotal = results.Count,
            ServerCpuCores = cpu is { } c ? Math.Round(c, 4) : null,
            ServerPeakRssMb = all.Max(s => s.RssMb),
            ServerEndRssMb = all.LastOrDefault(s => s.RssMb is not null)?.RssMb,
            ForwardedMbps = Math.Round(forwardedMbps, 3),
            CpuSecondsPerMbit = cpu is { } cores && forwardedMbps > 0 ? cores / forwardedMbps : null,
            LossPct = expected <= 0 ? 0 : Math.Round(100.0 * lost / expected, 3),
            RttMs = rtts.Count == 0 ? null : Math.Round(rtts.Average(), 2),
            FirstFrameMs = Median(results.Select(r => r.FirstFrameMs)),
            JoinMs = Median(results.Select(r => r.JoinMs)),
            Freezes = results.Sum(r => r.Freezes),
        };
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var list = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return list.Count == 0 ? null : list.Average();
    }

    private static double? Median(IEnumerable<double?> values)
    {
        var list = values.Where(v => v is not null).Select(v => v!.Value).Order().ToList();
        return list.Count == 0 ? null : list[list.Count / 2];
    }
}
