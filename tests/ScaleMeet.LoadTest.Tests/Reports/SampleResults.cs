using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Tests.Reports;

/// <summary>Hand-made results for the report tests: ten one-second samples with gaps, three participants (one hostile name, one failed).</summary>
internal static class SampleResults
{
    public const string HostileName = "<script>alert(\"x\")</script> & co";
    public const string HostileError = "ICE failed: <timeout> & \"retry\"";

    /// <summary>CPU per second: a null at t = 4 splits the line into 4 + 5 points; the maximum is 1.73.</summary>
    public static readonly double?[] Cpu = [0.10, 0.20, 0.30, 0.40, null, 0.60, 0.70, 1.73, 0.50, 0.40];

    /// <summary>RTT: nulls at t = 0, 1 and 5 leave segments of 3 and 4 points.</summary>
    public static readonly double?[] Rtt = [null, null, 12.5, 14, 13, null, 40.2, 22, 18, 15];

    public static LoadResults Run(string system = "scalemeet", string scenario = "S1", double? cpuSecondsPerMbit = 0.0052,
        double? peakRssMb = 29, double? rttMs = 15.5, bool interrupted = false, bool stress = false)
    {
        var server = Enumerable.Range(0, Cpu.Length).Select(i => new ServerSample
        {
            T = i,
            CpuCores = Cpu[i],
            RssMb = 20 + i,
            Stress = stress ? 0.01 * i : null,
            BitrateUpKbps = 1000 + 250 * i,
            BitrateDownKbps = 500 + 100 * i,
            ServerParticipants = i < 3 ? null : 3,
            ServerConferences = i < 3 ? null : 1,
            Connected = Math.Min(i, 3),
            RttMs = Rtt[i],
            LossPct = i == 0 ? null : 0.1 * (i % 3),
        }).ToArray();
        return new LoadResults
        {
            Scenario = scenario,
            Target = system == "janus" ? "janus://127.0.0.1:8188/?a=<b>&c" : "http://127.0.0.1:8080",
            System = system,
            StartedAt = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero),
            Duration = 7,
            Conferences = 1,
            ParticipantsPerConference = 3,
            SendersPerConference = 3,
            Interrupted = interrupted,
            Participants =
            [
                Participant("alice", 0, connected: true),
                Participant(HostileName, 0, connected: true),
                Participant("carol", 0, connected: false) with { JoinMs = null, FirstFrameMs = null, RttMs = null, JitterMs = null, Error = HostileError },
            ],
            Server = server,
            Generator = new LoadGeneratorResult { CpuCores = 0.126, MilliCoresPerParticipant = 42, PeakRssMb = 88.5 },
            Summary = new RunSummary
            {
                ParticipantsConnected = 2,
                ParticipantsTotal = 3,
                ServerCpuCores = 0.45,
                ServerPeakRssMb = peakRssMb,
                ServerEndRssMb = peakRssMb - 1,
                ForwardedMbps = 4.25,
                CpuSecondsPerMbit = cpuSecondsPerMbit,
                LossPct = 0.12,
                RttMs = rttMs,
                FirstFrameMs = 412,
                JoinMs = 180,
                Freezes = 1,
            },
        };
    }

    private static ParticipantResult Participant(string name, int conference, bool connected) => new()
    {
        Name = name,
        Conference = conference,
        Room = "room <" + conference + ">",
        Sender = true,
        Connected = connected,
        JoinMs = 180.4,
        FirstFrameMs = 412.6,
        VideoStreamsExpected = 2,
        VideoStreamsReceived = connected ? 2 : 0,
        AudioStreamsReceived = connected ? 2 : 0,
        RecvKbps = connected ? 2400.7 : 0,
        SendKbps = connected ? 1250.2 : 0,
        LossPct = 0.05,
        JitterMs = 3.25,
        RttMs = 15.5,
        Freezes = 1,
        FramesPerSecond = 59.8,
        KeyframeRequests = 2,
    };
}
