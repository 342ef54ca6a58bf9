using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Contracts.Control;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Tests.Conferences;

/// <summary>
/// A receiver's subscribe sections follow the tracks present, not every track that ever came: a section whose track
/// went is offered inactive and, once that offer is answered, recycled for the next track of its kind, with new SSRCs.
/// </summary>
public sealed class SubscribeSlotReuseTests
{
    private const int Cycles = 12;

    [Fact]
    public async Task PeopleComeAndGo_SectionCountStaysAtTwo_RecycledSectionsGetNewSsrcsAndCarryMedia()
    {
        await using var harness = new BridgeHarness();
        var receiver = await harness.JoinAsync("R");
        var ssrcsSeen = new HashSet<uint>();
        var sectionsPerOffer = new List<int>();
        for (var i = 0; i < Cycles; i++)
        {
            var guest = await harness.JoinAsync($"G{i}");
            var tracks = SyntheticTracks.Create();
            await harness.PublishAsync(guest, tracks);
            var offer = await AnswerUntilAsync(harness, receiver, o => o.Tracks.Count(t => t.ParticipantId == guest.Id) == 2);
            var sdp = Parse(offer);
            sectionsPerOffer.Add(sdp.Media.Count);
            foreach (var track in offer.Tracks)
            {
                var section = sdp.FindMedia(track.Mid)!;
                Assert.Equal(track.Kind, section.Kind);
                Assert.Equal(SdpDirection.SendOnly, section.Direction);
                Assert.Equal($"{guest.Id} {track.TrackId}", section.Msid);
                Assert.All(section.Ssrcs, ssrc => Assert.True(ssrcsSeen.Add(ssrc), $"cycle {i}: SSRC {ssrc} on mid {track.Mid} was used before"));
            }

            if (i == Cycles - 1)
            {
                // The last guest's audio reaches R on the recycled section's new SSRC.
                var audio = receiver.SubscribedTrack(guest, "audio");
                var sender = new MediaSender(guest.Participant.Publish, tracks);
                await Eventually.WaitAsync(() =>
                {
                    sender.SendAudio(40);
                    return receiver.SubscribeRtp.RtpOf(audio.Ssrc).Count > 0;
                }, $"the audio of {guest.Id} at R on mid {audio.Mid}");
            }

            Assert.IsType<OkReply>(await harness.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, guest.Id)));
            var gone = await harness.AnswerNextOfferAsync(receiver);
            Assert.Empty(gone.Tracks);
            Assert.All(Parse(gone).Media, m => Assert.Equal(SdpDirection.Inactive, m.Direction));
        }

        Assert.All(sectionsPerOffer, n => Assert.Equal(2, n));
        Assert.Equal(2L * (Cycles - 1), harness.Bridge.Router!.Counters.SubscribeSectionsReused);
    }

    [Fact]
    public async Task AfterRecycling_AnswerToAnOldVersion_OutOfOrder()
    {
        await using var harness = new BridgeHarness();
        var receiver = await harness.JoinAsync("R");
        var first = await harness.JoinAsync("G0");
        await harness.PublishAsync(first);
        var oldOffer = await AnswerUntilAsync(harness, receiver, o => o.Tracks.Count == 2);
        var oldAnswer = SyntheticSdp.SubscribeAnswer(receiver.Participant.Subscribe, oldOffer.Sdp);
        await harness.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, first.Id));
        await harness.AnswerNextOfferAsync(receiver);
        var second = await harness.JoinAsync("G1");
        await harness.PublishAsync(second);
        var recycled = await harness.Events.Recorder.WaitForSubscribeOfferAsync(receiver.Id, receiver.Participant.SubscribeVersion, BridgeHarness.Wait);
        Assert.Equal(oldOffer.Tracks.Select(t => t.Mid).Order(), recycled.Tracks.Select(t => t.Mid).Order());

        var stale = await harness.SendAsync(new SubscribeAnswerRequest(BridgeHarness.Conference, receiver.Id, oldAnswer, oldOffer.Version));

        Assert.Equal(BridgeErrorCodes.OutOfOrder, Assert.IsType<BridgeErrorReply>(stale).Code);
        await receiver.Participant.AnswerSubscribeOfferAsync(recycled).WaitAsync(BridgeHarness.Wait);
    }

    [Fact]
    public async Task TrackLeavesBeforeTheReceiverAnsweredItsInactiveOffer_SectionNotReusedYet()
    {
        await using var harness = new BridgeHarness();
        var receiver = await harness.JoinAsync("R");
        var first = await harness.JoinAsync("G0");
        await harness.PublishAsync(first);
        await AnswerUntilAsync(harness, receiver, o => o.Tracks.Count == 2);

        // G0 leaves: the inactive offer goes out; G1 publishes before R answers it.
        await harness.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, first.Id));
        var inactive = await harness.Events.Recorder.WaitForSubscribeOfferAsync(receiver.Id, receiver.Participant.SubscribeVersion, BridgeHarness.Wait);
        var second = await harness.JoinAsync("G1");
        await harness.PublishAsync(second);
        await receiver.Participant.AnswerSubscribeOfferAsync(inactive).WaitAsync(BridgeHarness.Wait);
        var next = await AnswerUntilAsync(harness, receiver, o => o.Tracks.Count == 2);

        // The browser still held G0's tracks on mids 0 and 1 when G1 came: G1 got new sections.
        Assert.Equal(["2", "3"], next.Tracks.Select(t => t.Mid).Order());
        Assert.Equal(0L, harness.Bridge.Router!.Counters.SubscribeSectionsReused);
    }

    [Fact]
    public async Task ReceiverAtItsSectionBound_NewTracksWait_ThenTakeTheSectionsThatFreeUp()
    {
        await using var harness = new BridgeHarness(o => o.Negotiation.MaxSubscribeSections = 2);
        var receiver = await harness.JoinAsync("R");
        var a = await harness.JoinAsync("A");
        var b = await harness.JoinAsync("B");
        await harness.PublishAsync(a);
        var withA = await AnswerUntilAsync(harness, receiver, o => o.Tracks.Count(t => t.ParticipantId == "A") == 2);

        await harness.PublishAsync(b);
        await Eventually.WaitAsync(() => harness.Bridge.Router!.Counters.SubscribeSectionsFull >= 2, "B's two tracks found no section at R");
        Assert.Equal(2, Parse(withA).Media.Count);

        Assert.IsType<OkReply>(await harness.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, "A")));
        var withB = await AnswerUntilAsync(harness, receiver, o => o.Tracks.Count(t => t.ParticipantId == "B") == 2);

        Assert.Equal(2, Parse(withB).Media.Count);
        Assert.Equal(["0", "1"], withB.Tracks.Select(t => t.Mid).Order());
        Assert.Equal(2L, harness.Bridge.Router!.Counters.SubscribeSectionsReused);
    }

    /// <summary>Answers <paramref name="receiver"/>'s offers until one satisfies <paramref name="done"/>, and returns it.</summary>
    private static async Task<SubscribeOfferEvent> AnswerUntilAsync(BridgeHarness harness, Peer receiver, Func<SubscribeOfferEvent, bool> done)
    {
        for (var round = 0; round < 5; round++)
        {
            var offer = await harness.AnswerNextOfferAsync(receiver);
            if (done(offer))
            {
                return offer;
            }
        }

        throw new InvalidOperationException($"no offer to {receiver.Id} reached the expected tracks in 5 rounds");
    }

    private static SessionDescription Parse(SubscribeOfferEvent offer)
    {
        Assert.True(SessionDescription.TryParse(offer.Sdp, out var sdp, out var error), error);
        return sdp!;
    }
}
