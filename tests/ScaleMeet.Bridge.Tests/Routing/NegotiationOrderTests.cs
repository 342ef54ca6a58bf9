using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>Media flows to a receiver only on tracks of an offer it has answered; one offer per batch of changes.</summary>
public sealed class NegotiationOrderTests
{
    [Fact]
    public async Task OnePublish_OneOfferWithAudioAndVideo()
    {
        await using var harness = new BridgeHarness();
        var a = await harness.JoinAsync("A");
        var b = await harness.JoinAsync("B");

        await harness.PublishAsync(a);
        var first = await harness.AnswerNextOfferAsync(b);

        Assert.Equal(["audio", "video"], first.Tracks.Select(t => t.Kind));

        // The marker: C's publish makes B's next offer; a second offer for A's publish would have come before it.
        var c = await harness.JoinAsync("C");
        await harness.PublishAsync(c);
        var second = await harness.Events.Recorder.WaitForSubscribeOfferAsync("B", first.Version, BridgeHarness.Wait);
        Assert.Contains(second.Tracks, t => t.ParticipantId == "C");
        Assert.Equal([first, second], harness.Events.Recorder.Events.OfType<Contracts.Control.SubscribeOfferEvent>().Where(e => e.EndpointId == "B"));
    }

    [Fact]
    public async Task TracksAddedWhileOfferOutstanding_NotForwardedBeforeTheirOfferIsAnswered()
    {
        await using var harness = new BridgeHarness();
        var a = await harness.JoinAsync("A");
        var b = await harness.JoinAsync("B");
        var c = await harness.JoinAsync("C");
        await harness.PublishAsync(a);
        var first = await harness.Events.Recorder.WaitForSubscribeOfferAsync("B", 0, BridgeHarness.Wait);

        // C publishes while B's first offer (A's tracks only) is outstanding; then B answers that first offer.
        await harness.PublishAsync(c);
        await b.Participant.AnswerSubscribeOfferAsync(first).WaitAsync(BridgeHarness.Wait);
        Assert.DoesNotContain(first.Tracks, t => t.ParticipantId == "C");
        var second = await harness.Events.Recorder.WaitForSubscribeOfferAsync("B", first.Version, BridgeHarness.Wait);
        Assert.True(SessionDescription.TryParse(second.Sdp, out var secondSdp, out _));
        var cMids = second.Tracks.Where(t => t.ParticipantId == "C").Select(t => t.Mid).ToHashSet();
        var cSsrcs = secondSdp!.Media.Where(m => m.Mid is not null && cMids.Contains(m.Mid)).SelectMany(m => m.Ssrcs).ToArray();
        Assert.NotEmpty(cSsrcs);

        var fromA = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var fromC = new MediaSender(c.Participant.Publish, c.Participant.Tracks!);
        var audioFromA = b.SubscribedTrack(a, "audio");
        // A's audio until B gets some: then the bridge has B's subscribe transport connected (its DTLS side may finish
        // a moment after B's).
        var deadline = DateTime.UtcNow + BridgeHarness.Wait;
        while (b.SubscribeRtp.RtpOf(audioFromA.Ssrc).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "A's audio never reached B");
            fromA.SendAudio(40);
            await Task.Delay(20);
        }

        fromC.SendVideoFrame(keyFrame: true);
        fromC.SendAudio(40);
        var received = b.SubscribeRtp.RtpOf(audioFromA.Ssrc).Count;
        fromA.SendAudio(41);
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(audioFromA.Ssrc).Count > received, "A's audio after C's media at B");

        // B has answered only the offer without C: C's SSRCs are unknown to it and must not be sent yet.
        Assert.All(cSsrcs, ssrc => Assert.Empty(b.SubscribeRtp.RtpOf(ssrc)));
    }
}
