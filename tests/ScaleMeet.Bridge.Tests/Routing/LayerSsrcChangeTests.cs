using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Codecs;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>
/// A simulcast sender changes a layer's SSRC mid-stream, its new sequence numbers overlapping the old ones: the
/// receiver's stream goes on with the next sequence numbers after a keyframe of the new SSRC, no SRTP index is
/// protected twice, and the old SSRC cannot come back.
/// </summary>
public sealed class LayerSsrcChangeTests
{
    [Fact]
    public async Task LayerSsrcChanges_OverlappingSequences_ReceiverStreamContinuesAfterTheNewKeyframe()
    {
        await using var harness = new BridgeHarness();
        var tracks = SyntheticTracks.Create(simulcast: true);
        var a = await harness.JoinAsync("A");
        var b = await harness.JoinAsync("B");
        await harness.PublishAsync(a, tracks);
        while (b.Participant.FindSubscribedTrack(a.Id, "audio") is null || b.Participant.FindSubscribedTrack(a.Id, "video") is null)
        {
            await harness.AnswerNextOfferAsync(b);
        }

        await Eventually.WaitAsync(() => b.Participant.Subscribe.State == SyntheticTransportState.Connected, "B's subscribe connection up");
        var video = b.SubscribedTrack(a, "video");
        var oldSsrc = tracks.SimulcastLayers![0].Ssrc;
        var sender = new SimulcastSender(a.Participant.Publish, tracks) { Ssrc = oldSsrc, Sequence = 1000 };

        // Layer q starts flowing and is allocated to B, which gets it from a keyframe on: until then, keyframes.
        for (var tries = 0; b.SubscribeRtp.RtpOf(video.Ssrc).Count == 0; tries++)
        {
            Assert.True(tries < 100, "layer q never reached B");
            sender.SendFrame("q", keyFrame: true);
            await Task.Delay(100);
        }

        var start = b.SubscribeRtp.RtpOf(video.Ssrc).Count;
        var firstSequence = sender.Sequence;
        sender.SendFrame("q", keyFrame: true);
        for (var i = 0; i < 9; i++)
        {
            sender.SendFrame("q", keyFrame: false);
        }

        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count == start + 20, "20 packets of layer q at B");
        var counters = harness.Bridge.Budgets!;

        // The new SSRC starts where the old one's 20 packets did: the old mapping would send their numbers again.
        const uint newSsrc = 0x5EED5EED;
        sender.Ssrc = newSsrc;
        sender.Sequence = firstSequence;
        sender.SendFrame("q", keyFrame: false);
        sender.SendFrame("q", keyFrame: false);
        await Eventually.WaitAsync(() => counters.LayerSsrcChanges == 1, "the change seen");
        await Eventually.WaitAsync(() => a.PublishRtcp.PliTimes(newSsrc).Count >= 1, "a keyframe asked of the new SSRC");
        sender.SendFrame("q", keyFrame: true);
        for (var i = 0; i < 5; i++)
        {
            sender.SendFrame("q", keyFrame: false);
        }

        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count == start + 32, "12 packets of the new SSRC at B");
        var received = b.SubscribeRtp.RtpOf(video.Ssrc);
        for (var i = 1; i < received.Count; i++)
        {
            Assert.Equal(unchecked((ushort)(received[i - 1].Rtp.SequenceNumber + 1)), received[i].Rtp.SequenceNumber);
        }

        // The delta frames sent before the new keyframe were not forwarded: the first new packet is that keyframe.
        Assert.True(Vp8PayloadDescriptor.IsKeyFrame(received[start + 20].Rtp.GetPayload(received[start + 20].Data)));
        Assert.Equal(0, counters.SrtpIndexRefused);

        // A late (or replayed) packet of the old SSRC does not switch the layer back.
        var oldSender = new SimulcastSender(a.Participant.Publish, tracks) { Ssrc = oldSsrc, Sequence = (ushort)(firstSequence + 20) };
        oldSender.SendFrame("q", keyFrame: true);
        await Eventually.WaitAsync(() => counters.SrtpRetiredStreamDropped == 2, "the old SSRC's packets refused");
        sender.SendFrame("q", keyFrame: false);
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count == start + 34, "the new SSRC still forwarded");
        Assert.Equal(1, counters.LayerSsrcChanges);
    }
}
