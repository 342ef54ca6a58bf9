using ScaleMeet.Bridge.Stats;
using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Tests.Stats;

/// <summary>A real bridge on loopback, sampled every 200 ms: what its statistics show after real traffic.</summary>
public sealed class BridgeStatsTests
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task MediaSrAndReceiverReports_Sampled_TrafficRttAndOutgoingLoss()
    {
        await using var harness = new BridgeHarness(o => o.Stress.SampleInterval = SampleInterval);
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video");
        sender.SendVideoFrame(keyFrame: true);
        sender.SendVideoFrame(keyFrame: false);
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count == 6, "6 video packets at B");

        // A's SR reaches B translated; B answers 70 ms later with DLSR 0, so the RTT is at least 60 ms (the 10 ms spare
        // covers the timer firing a little early against the bridge's clock and the NTP short format's truncation).
        const ulong ntp = 0xE8D4_A510_0012_3456;
        var sr = new byte[28];
        Assert.True(SenderReport.TryWrite(sr, a.Participant.Tracks!.VideoSsrc, ntp, 1234, 6, 6000, default, out _));
        Assert.True(a.Participant.Publish.SendRtcp(sr));
        await Eventually.WaitAsync(() => b.SubscribeRtcp.RtcpOf(RtcpPacketType.SR).Count == 1, "the translated SR at B");
        await Task.Delay(70);

        // Two RRs in one compound: the first sets the starting point, the second covers 100 packets, 25 % lost.
        var compound = new byte[2 * (8 + ReportBlock.Size)];
        var lsr = unchecked((uint)(ntp >> 16));
        Assert.True(ReceiverReport.TryWrite(compound, 0xBBBB, [new ReportBlock(video.Ssrc, 0, 0, 1_000, 0, lsr, 0)], out var first));
        Assert.True(ReceiverReport.TryWrite(compound.AsSpan(first), 0xBBBB, [new ReportBlock(video.Ssrc, 64, 25, 1_100, 0, 0, 0)], out var second));
        Assert.True(b.Participant.Subscribe.SendRtcp(compound.AsSpan(0, first + second)));

        await Eventually.WaitAsync(() => harness.Bridge.GetStats().LossOut > 0, "a sample with B's reported loss");
        var stats = harness.Bridge.GetStats();

        Assert.Equal(0.25, stats.LossOut);
        Assert.InRange(stats.RttMilliseconds, 60, 5_000);
        Assert.Equal((1, 2, 2), (stats.Conferences, stats.Participants, stats.LargestConference));
        Assert.Equal(1, stats.ConferencesCreated);
        Assert.True(stats.PacketsReceived >= 8, $"datagrams received: {stats.PacketsReceived}");
        Assert.True(stats.PacketsSent >= 7, $"datagrams sent: {stats.PacketsSent}");
        Assert.True(stats.BytesReceived > 6000 && stats.BytesSent > 6000, $"bytes {stats.BytesReceived} in, {stats.BytesSent} out");
        Assert.True(stats.Healthy);
        Assert.Equal(0, stats.LossIn);
    }

    [Fact]
    public async Task IdleBridge_Sampled_WorstLoopIterationMeasured()
    {
        await using var harness = new BridgeHarness(o => o.Stress.SampleInterval = SampleInterval);

        // The idle loop still wakes for its ticks: every sample has a worst iteration, short but not zero.
        await Eventually.WaitAsync(() => harness.Bridge.GetStats().Interval > TimeSpan.Zero, "a sample");

        Assert.InRange(harness.Bridge.GetStats().LoopWorstIterationSeconds, 1e-9, 1.0);
    }

    [Fact]
    public async Task VideoFlowsWithGap_Sampled_SendingVideoAndIncomingLoss()
    {
        await using var harness = new BridgeHarness(o => o.Stress.SampleInterval = SampleInterval);
        var (a, _) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var skipped = new byte[1500];

        // Lose one packet in eight and keep sending until a sample sees both the video and the gaps.
        BridgeStats? seen = null;
        var deadline = DateTime.UtcNow + BridgeHarness.Wait;
        while (seen is null && DateTime.UtcNow < deadline)
        {
            sender.SendVideoFrame(keyFrame: false, packets: 7);
            sender.WriteNextVideo(skipped, keyFrame: false);
            await Task.Delay(20);
            var stats = harness.Bridge.GetStats();
            if (stats.EndpointsSendingVideo == 1 && stats.LossIn > 0)
            {
                seen = stats;
            }
        }

        Assert.NotNull(seen);
        Assert.InRange(seen.LossIn, 0.05, 0.25);
        Assert.Equal(0, seen.EndpointsSendingAudio);
        Assert.True(seen.BitrateInKbps > 0 && seen.PacketRateIn > 0, $"{seen.BitrateInKbps} kbit/s, {seen.PacketRateIn} packets/s in");
    }

    [Fact]
    public async Task EveryoneLeaves_Sampled_ConferenceCreatedAndCompleted()
    {
        await using var harness = new BridgeHarness(o => o.Stress.SampleInterval = SampleInterval);
        var a = await harness.JoinAsync("A");
        var b = await harness.JoinAsync("B");

        foreach (var peer in new[] { a, b })
        {
            Assert.IsType<OkReply>(await harness.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, peer.Id)));
        }

        await Eventually.WaitAsync(() => harness.Bridge.GetStats().ConferencesCompleted == 1, "a sample after the conference ended");
        var stats = harness.Bridge.GetStats();
        Assert.Equal((1L, 1L), (stats.ConferencesCreated, stats.ConferencesCompleted));
        Assert.Equal((0, 0), (stats.Conferences, stats.Participants));
        Assert.Equal((0L, 0L), (stats.IceFailures, stats.DtlsFailures));
    }

    [Fact]
    public async Task ConsentExpires_Sampled_IceFailureCounted()
    {
        await using var harness = new BridgeHarness(o =>
        {
            o.IceConsentTimeout = TimeSpan.FromSeconds(1);
            o.Stress.SampleInterval = SampleInterval;
        });
        var (a, _) = await harness.ConnectPairAsync();

        a.Participant.Publish.StopConsentChecks();

        await Eventually.WaitAsync(() => harness.Bridge.GetStats().IceFailures == 1, "a sample after A's consent expired", TimeSpan.FromSeconds(8));
        Assert.Equal(1, harness.Bridge.GetStats().Participants);
    }

    [Fact]
    public async Task DrainingAndShuttingDown_Set_VisibleAtOnce()
    {
        await using var harness = new BridgeHarness();
        await Eventually.WaitAsync(() => harness.Bridge.GetStats().Healthy, "the loop's first tick");

        harness.Bridge.Draining = true;
        var draining = harness.Bridge.GetStats();
        harness.Bridge.ShuttingDown = true;
        harness.Bridge.Draining = false;
        var shuttingDown = harness.Bridge.GetStats();

        Assert.Equal((true, false, true), (draining.Draining, draining.ShuttingDown, draining.Healthy));
        Assert.Equal((false, true), (shuttingDown.Draining, shuttingDown.ShuttingDown));
    }

    [Fact]
    public async Task NotStartedOrDisposed_NotHealthy()
    {
        var bridge = new MediaBridge("b", new BridgeOptions { UdpPort = 0, BindAddress = "127.0.0.1", Stress = { AverageParticipantStress = 0.03 } },
            new RecordingEventSink(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);
        var before = bridge.GetStats();
        bridge.Start();
        await Eventually.WaitAsync(() => bridge.GetStats().Healthy, "the loop's first tick");

        await bridge.DisposeAsync();

        Assert.False(before.Healthy);
        Assert.Equal(0.03, before.AverageParticipantStress);
        Assert.False(bridge.GetStats().Healthy);
    }
}
