using System.Buffers.Binary;
using System.Diagnostics;
using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>RTCP through the bridge: NACK answered with RTX, PLI/FIR to the sender (rate-limited), SR translated.</summary>
public sealed class FeedbackTests
{
    private const uint ReceiverSsrc = 0x0B0B0B0B;

    [Fact]
    public async Task Nack_ForwardedSequenceNumber_AnsweredWithRtx()
    {
        await using var harness = new BridgeHarness();
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video");
        sender.SendVideoFrame(keyFrame: true, packets: 4);
        sender.SendVideoFrame(keyFrame: false, packets: 4);
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count == 8, "8 video packets at B");
        var received = b.SubscribeRtp.RtpOf(video.Ssrc);
        var lost = received[5];

        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Nack(ReceiverSsrc, video.Ssrc, lost.Rtp.SequenceNumber)));

        var rtxSsrc = video.RtxSsrc!.Value;
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(rtxSsrc).Count == 1, "one RTX packet at B");
        var rtx = b.SubscribeRtp.RtpOf(rtxSsrc)[0];
        var rtxPayload = rtx.Rtp.GetPayload(rtx.Data);
        Assert.Equal(97, rtx.Rtp.PayloadType);
        Assert.Equal(lost.Rtp.Timestamp, rtx.Rtp.Timestamp);
        Assert.Equal(lost.Rtp.Marker, rtx.Rtp.Marker);
        Assert.Equal(lost.Rtp.SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(rtxPayload));
        Assert.Equal(lost.Rtp.GetPayload(lost.Data).ToArray(), rtxPayload[2..].ToArray());

        // The loop counts after its sendto returns, so B may see the packet first.
        await Eventually.WaitAsync(() => harness.Bridge.GetPacketStats().RtxSent == 1, "RtxSent = 1");
        Assert.Single(b.SubscribeRtp.RtpOf(rtxSsrc));
    }

    [Fact]
    public async Task PliTwice50MsApart_FromSubscriber_OneImmediatePliThenOneAfterInterval()
    {
        // The per-sender interval alone (the receiver's own interval is off here; see the budget tests).
        await using var harness = new BridgeHarness(o =>
        {
            o.KeyframeRequestInterval = TimeSpan.FromMilliseconds(400);
            o.Budgets.ReceiverKeyframeRequestInterval = TimeSpan.Zero;
        });
        var (a, b) = await harness.ConnectPairAsync();
        var video = b.SubscribedTrack(a, "video");
        var publisherSsrc = a.Participant.Tracks!.VideoSsrc;
        var interval = harness.Options.KeyframeRequestInterval;
        var setupPlis = await QuietPliCountAsync(a, publisherSsrc, interval);

        var firstSent = Stopwatch.GetTimestamp();
        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Pli(ReceiverSsrc, video.Ssrc)));
        await Task.Delay(50);
        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Pli(ReceiverSsrc, video.Ssrc)));

        await Eventually.WaitAsync(() => a.PublishRtcp.PliTimes(publisherSsrc).Count >= setupPlis + 2, "two PLIs at A");
        var times = a.PublishRtcp.PliTimes(publisherSsrc).Skip(setupPlis).ToArray();
        var immediate = Stopwatch.GetElapsedTime(firstSent, times[0]);
        var spacing = Stopwatch.GetElapsedTime(times[0], times[1]);
        Assert.True(immediate < interval / 2, $"the first PLI took {immediate.TotalMilliseconds:0} ms");
        Assert.True(spacing >= interval - TimeSpan.FromMilliseconds(40), $"the second PLI came {spacing.TotalMilliseconds:0} ms after the first (interval {interval.TotalMilliseconds} ms)");
        Assert.True(spacing < interval + TimeSpan.FromSeconds(1), $"the second PLI came {spacing.TotalMilliseconds:0} ms after the first");

        // Exactly two: the pending request was sent once, not repeated. The marker: once the interval has passed twice
        // (a repetition would have been due), a third PLI goes out at once; every repetition would arrive before it.
        await Task.Delay(interval * 2);
        var thirdSent = Stopwatch.GetTimestamp();
        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Pli(ReceiverSsrc, video.Ssrc)));
        await Eventually.WaitAsync(() => a.PublishRtcp.PliTimes(publisherSsrc).Any(t => t >= thirdSent), "the third PLI at A");
        Assert.Equal(2, a.PublishRtcp.PliTimes(publisherSsrc).Skip(setupPlis).Count(t => t < thirdSent));
    }

    [Fact]
    public async Task Fir_FromSubscriber_SenderGetsPli()
    {
        await using var harness = new BridgeHarness(o => o.KeyframeRequestInterval = TimeSpan.FromMilliseconds(200));
        var (a, b) = await harness.ConnectPairAsync();
        var video = b.SubscribedTrack(a, "video");
        var publisherSsrc = a.Participant.Tracks!.VideoSsrc;
        var setupPlis = await QuietPliCountAsync(a, publisherSsrc, harness.Options.KeyframeRequestInterval);

        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Fir(ReceiverSsrc, video.Ssrc, sequence: 1)));

        await Eventually.WaitAsync(() => a.PublishRtcp.PliTimes(publisherSsrc).Count == setupPlis + 1, "a PLI at A after B's FIR");
        var pli = a.PublishRtcp.RtcpOf(RtcpPacketType.PSFB, Pli.Format)[^1].Packet;
        Assert.True(Pli.TryParse(pli, out var parsed));
        Assert.Equal(publisherSsrc, parsed.MediaSsrc);
        Assert.NotEqual(0u, parsed.SenderSsrc);
    }

    [Fact]
    public async Task SenderReport_FromPublisher_ReachesSubscriberTranslated()
    {
        await using var harness = new BridgeHarness();
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video");
        sender.SendVideoFrame(keyFrame: true);
        sender.SendVideoFrame(keyFrame: false);
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count == 6, "6 video packets at B");
        var first = b.SubscribeRtp.RtpOf(video.Ssrc)[0].Rtp;
        Assert.True(RtpHeader.TryParse(sender.Video[0], out var firstSent));
        var offset = unchecked(first.Timestamp - firstSent.Timestamp);

        const ulong ntp = 0xE8D4A51000123456;
        var srRtpTimestamp = unchecked(firstSent.Timestamp + 5940);
        var sr = new byte[28]; // header 4 + SSRC 4 + NTP 8 + RTP ts 4 + packets 4 + octets 4
        Assert.True(SenderReport.TryWrite(sr, a.Participant.Tracks!.VideoSsrc, ntp, srRtpTimestamp, 6, 6000, default, out _));
        Assert.True(a.Participant.Publish.SendRtcp(sr));

        await Eventually.WaitAsync(() => b.SubscribeRtcp.RtcpOf(RtcpPacketType.SR).Count == 1, "the translated SR at B");
        Assert.True(SenderReport.TryParse(b.SubscribeRtcp.RtcpOf(RtcpPacketType.SR)[0].Packet, out var translated));
        Assert.Equal(video.Ssrc, translated.Ssrc);
        Assert.Equal(ntp, translated.NtpTimestamp);
        Assert.Equal(unchecked(srRtpTimestamp + offset), translated.RtpTimestamp);
        Assert.Equal(6u, translated.PacketCount);
    }

    /// <summary>Waits until no new PLI for the sender has arrived for longer than the rate-limit interval; returns how many came.</summary>
    private static async Task<int> QuietPliCountAsync(Peer a, uint ssrc, TimeSpan interval)
    {
        var count = a.PublishRtcp.PliTimes(ssrc).Count;
        while (true)
        {
            await Task.Delay(interval + TimeSpan.FromMilliseconds(100));
            var now = a.PublishRtcp.PliTimes(ssrc).Count;
            if (now == count)
            {
                return count;
            }

            count = now;
        }
    }
}
