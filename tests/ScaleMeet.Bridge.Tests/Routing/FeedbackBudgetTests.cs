using System.Buffers.Binary;
using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.LoadTest.Hostile;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>
/// A receiver's feedback through a real bridge, against its budgets: NACKs (once per round trip, a byte budget, a
/// per-compound cap), transport-cc (statuses per feedback and per second), RTCP as a whole, keyframe requests.
/// </summary>
public sealed class FeedbackBudgetTests
{
    private const uint ReceiverSsrc = 0x0B0B0B0B;

    /// <summary>A publisher's video reaching a receiver: <paramref name="frames"/> frames of 4 packets of 1000 bytes.</summary>
    private static async Task<(Peer A, Peer B, uint VideoSsrc, uint RtxSsrc, ushort Newest)> VideoAtReceiverAsync(BridgeHarness harness, int frames)
    {
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video");
        sender.SendVideoFrame(keyFrame: true, packets: 4);
        for (var i = 1; i < frames; i++)
        {
            sender.SendVideoFrame(keyFrame: false, packets: 4);
        }

        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count == frames * 4, $"{frames * 4} video packets at B");
        return (a, b, video.Ssrc, video.RtxSsrc!.Value, b.SubscribeRtp.RtpOf(video.Ssrc)[^1].Rtp.SequenceNumber);
    }

    [Fact]
    public async Task NackStorm_1144ByteCompoundTwice_EachForwardedPacketResentOnce_RestRefusedAndCounted()
    {
        // A round trip longer than the test: the second compound is certainly within it.
        await using var harness = new BridgeHarness(o => o.Budgets.RetransmitDefaultRoundTrip = TimeSpan.FromSeconds(5));
        var (_, b, video, rtx, newest) = await VideoAtReceiverAsync(harness, frames: 30);
        var storm = new byte[1500];
        var length = NackStorm.Write(storm, ReceiverSsrc, video, newest, 512, 1144);
        Assert.Equal(1144, length);

        Assert.True(b.Participant.Subscribe.SendRtcp(storm.AsSpan(0, length)));
        Assert.True(b.Participant.Subscribe.SendRtcp(storm.AsSpan(0, length)));

        // Per compound 26 × 8 × 17 = 3536 numbers are named; the first 256 are looked at: 120 forwarded, 136 never were.
        var counters = harness.Bridge.Budgets!;
        await Eventually.WaitAsync(() => counters.NackedPackets == 2 * 3536, "both compounds read");
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(rtx).Count == 120, "the 120 forwarded packets resent");
        Assert.Equal(2 * (3536 - 256), counters.RetransmitsOverCompoundLimit);
        Assert.Equal(2 * 136, counters.RetransmitsUnavailable);
        Assert.Equal(120, counters.RetransmitsRecentlySent);
        Assert.Equal(0, counters.RetransmitsOverBudget);
        Assert.Equal(120, harness.Bridge.GetPacketStats().RtxSent);
        Assert.Equal(120, b.SubscribeRtp.RtpOf(rtx).Select(p => BinaryPrimitives.ReadUInt16BigEndian(p.Rtp.GetPayload(p.Data))).Distinct().Count());
    }

    [Fact]
    public async Task Nack_AfterTheRoundTrip_ResentAgain()
    {
        await using var harness = new BridgeHarness(o =>
        {
            o.Budgets.RetransmitMinInterval = TimeSpan.FromMilliseconds(50);
            o.Budgets.RetransmitDefaultRoundTrip = TimeSpan.FromMilliseconds(50);
        });
        var (_, b, video, rtx, newest) = await VideoAtReceiverAsync(harness, frames: 2);
        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Nack(ReceiverSsrc, video, newest)));
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(rtx).Count == 1, "the first resend");

        await Task.Delay(200); // longer than the 50 ms round trip assumed: asking again is legitimate
        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Nack(ReceiverSsrc, video, newest)));

        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(rtx).Count == 2, "the second resend");
        Assert.Equal(0, harness.Bridge.Budgets!.RetransmitsRecentlySent);
    }

    [Fact]
    public async Task RetransmitBudget_Spent_FurtherPacketsRefusedAndCounted()
    {
        const int burst = 6000;
        await using var harness = new BridgeHarness(o =>
        {
            o.Budgets.RetransmitBurstBytes = burst;
            o.Budgets.RetransmitShare = 0;
        });
        var (_, b, video, rtx, newest) = await VideoAtReceiverAsync(harness, frames: 5);
        var lost = Enumerable.Range(0, 16).Select(i => unchecked((ushort)(newest - 15 + i))).ToArray();

        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Nack(ReceiverSsrc, video, lost)));

        var counters = harness.Bridge.Budgets!;
        await Eventually.WaitAsync(() => counters.NackedPackets == 16, "the NACK read");
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(rtx).Count + counters.RetransmitsOverBudget == 16, "every number resent or refused");
        var resent = b.SubscribeRtp.RtpOf(rtx);

        // Each resend costs about 1026 bytes (1000-byte packet, 2-byte original sequence, extension and SRTP tag).
        Assert.Equal(5, resent.Count);
        Assert.InRange(resent.Sum(p => p.Data.Length + 16), burst - 1100, burst);
        Assert.Equal(11, counters.RetransmitsOverBudget);
        Assert.InRange(counters.RetransmittedBytes, burst - 1100, burst);
    }

    [Fact]
    public async Task TransportCc_65535Statuses_RefusedUnparsed()
    {
        await using var harness = new BridgeHarness();
        var (_, b) = await harness.ConnectPairAsync();
        var flood = new byte[TransportCcFlood.Length];
        TransportCcFlood.Write(flood, ReceiverSsrc, 0, 1000, 0, 0);
        var before = harness.Bridge.GetPacketStats().TransportFeedbackReceived;

        for (var i = 0; i < 10; i++)
        {
            Assert.True(b.Participant.Subscribe.SendRtcp(flood));
        }

        await Eventually.WaitAsync(() => harness.Bridge.Budgets!.TransportCcTooManyStatuses == 10, "10 floods refused");
        Assert.Equal(before, harness.Bridge.GetPacketStats().TransportFeedbackReceived);
        Assert.Equal(0, harness.Bridge.Budgets!.TransportCcRateLimited);
    }

    [Fact]
    public async Task TransportCc_BeyondStatusesPerSecond_Dropped()
    {
        await using var harness = new BridgeHarness(o =>
        {
            o.Budgets.MaxTransportCcStatuses = 2000;
            o.Budgets.TransportCcStatusesPerSecond = 2000;
        });
        var (_, b) = await harness.ConnectPairAsync();
        var feedback = new byte[64];
        Assert.True(TransportCc.TryWrite(feedback, ReceiverSsrc, 0, 500, 0, 0, Enumerable.Repeat(new TransportCcPacket(0, TransportCcStatus.NotReceived, 0, 0), 1500).ToArray(), out var length));

        // 1500 statuses fit the bucket of 2000 once; the second comes within the same second and does not.
        Assert.True(b.Participant.Subscribe.SendRtcp(feedback.AsSpan(0, length)));
        Assert.True(b.Participant.Subscribe.SendRtcp(feedback.AsSpan(0, length)));

        await Eventually.WaitAsync(() => harness.Bridge.Budgets!.TransportCcRateLimited == 1, "the second feedback dropped");
        Assert.Equal(0, harness.Bridge.Budgets!.TransportCcTooManyStatuses);
    }

    [Fact]
    public async Task Rtcp_BeyondTheTransportsRate_DroppedOnlyOnceAuthenticated()
    {
        await using var harness = new BridgeHarness(o =>
        {
            o.Budgets.RtcpPerSecond = 1;
            o.Budgets.RtcpBurst = 3;
        });
        var (a, b) = await harness.ConnectPairAsync();
        var video = b.SubscribedTrack(a, "video");

        // 20 forged compounds from the receiver's own address first: they fail authentication and spend nothing.
        var forged = new byte[8 + 4 + 16];
        new Random(7).NextBytes(forged);
        forged[0] = 0x80;
        forged[1] = RtcpPacketType.RR;
        BinaryPrimitives.WriteUInt16BigEndian(forged.AsSpan(2), 1);
        var dropped = harness.Bridge.GetPacketStats().Dropped;
        for (var i = 0; i < 20; i++)
        {
            b.Participant.Subscribe.SendRaw(forged);
        }

        await Eventually.WaitAsync(() => harness.Bridge.GetPacketStats().Dropped - dropped == 20, "20 forged compounds dropped");
        var report = new byte[64];
        Assert.True(ReceiverReport.TryWrite(report, ReceiverSsrc, [new ReportBlock(video.Ssrc, 0, 0, 100, 0, 0, 0)], out var length));
        for (var i = 0; i < 10; i++)
        {
            Assert.True(b.Participant.Subscribe.SendRtcp(report.AsSpan(0, length)));
        }

        // The burst of 3 is all the receiver's: 3 of its 10 pass, 7 are limited (1/s adds nothing meanwhile).
        await Eventually.WaitAsync(() => harness.Bridge.Budgets!.RtcpRateLimited == 7, "7 of 10 authentic compounds over the burst");
    }

    [Fact]
    public async Task KeyframeRequests_FromOneReceiver_PassedOnOncePerInterval()
    {
        await using var harness = new BridgeHarness(o =>
        {
            o.KeyframeRequestInterval = TimeSpan.FromMilliseconds(10);
            o.Budgets.ReceiverKeyframeRequestInterval = TimeSpan.FromSeconds(5);
        });
        var (a, b) = await harness.ConnectPairAsync();
        var video = b.SubscribedTrack(a, "video");
        var publisherSsrc = a.Participant.Tracks!.VideoSsrc;
        var setupPlis = a.PublishRtcp.PliTimes(publisherSsrc).Count;

        for (var i = 0; i < 5; i++)
        {
            Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Pli(ReceiverSsrc, video.Ssrc)));
            await Task.Delay(50);
        }

        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Fir(ReceiverSsrc, video.Ssrc, sequence: 1)));
        await Eventually.WaitAsync(() => harness.Bridge.Budgets!.KeyframeRequestsRateLimited == 5, "5 of 6 requests held back");
        Assert.Equal(setupPlis + 1, a.PublishRtcp.PliTimes(publisherSsrc).Count);
    }
}
