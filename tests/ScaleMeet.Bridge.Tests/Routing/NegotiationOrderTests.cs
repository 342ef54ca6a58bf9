using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>Media flows to a receiver only on tracks of an offer it has answered.</summary>
public sealed class NegotiationOrderTests
{
    [Fact(Skip = "bridge bug: OnSubscribeAnswer marks every slot's consumer Negotiated, including consumers added after the answered offer was written (see report)")]
    public async Task AnswerToAudioOnlyOffer_VideoOfferedLater_VideoNotForwardedBeforeItsOfferIsAnswered()
    {
        await using var harness = new BridgeHarness();
        var a = await harness.JoinAsync("A");
        var b = await harness.JoinAsync("B");
        await harness.PublishAsync(a);
        var first = await harness.AnswerNextOfferAsync(b);
        Assert.Equal(["audio"], first.Tracks.Select(t => t.Kind));
        var second = await harness.Events.Recorder.WaitForSubscribeOfferAsync("B", first.Version, BridgeHarness.Wait);
        Assert.True(SessionDescription.TryParse(second.Sdp, out var secondSdp, out _));
        var videoSsrcs = secondSdp!.Media.Where(m => m.Kind == "video").SelectMany(m => m.Ssrcs).ToArray();
        Assert.NotEmpty(videoSsrcs);
        var audio = b.SubscribedTrack(a, "audio");
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);

        // Audio first: once it arrives, the bridge has B's transport connected, so video could flow too.
        sender.SendAudio(40);
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(audio.Ssrc).Count == 1, "the first audio packet at B");
        sender.SendVideoFrame(keyFrame: true);
        sender.SendAudio(41);
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(audio.Ssrc).Count == 2, "the second audio packet at B");

        // B has answered only the audio-only offer: the video SSRC is unknown to it and must not be sent yet.
        Assert.All(videoSsrcs, ssrc => Assert.Empty(b.SubscribeRtp.RtpOf(ssrc)));
    }
}
