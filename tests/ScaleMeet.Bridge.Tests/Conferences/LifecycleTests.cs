using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Tests.Conferences;

/// <summary>Endpoints leave — by consent expiry or by request — and the bridge frees what they held.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task PublisherGoesSilent_ConsentTimeout_ExpiredFreedAndSubscriberReoffered()
    {
        await using var harness = new BridgeHarness(o => o.IceConsentTimeout = TimeSpan.FromSeconds(2));
        var (a, b) = await harness.ConnectPairAsync();
        Assert.Equal(new BridgeSnapshot(1, 2, 2, 2, 2), harness.Bridge.GetSnapshot());
        var offersBefore = b.Participant.SubscribeVersion;

        a.Participant.Publish.StopConsentChecks();
        var expired = await harness.Events.Recorder.WaitForAsync<EndpointExpiredEvent>(e => e.EndpointId == "A", TimeSpan.FromSeconds(6));

        Assert.Equal(BridgeHarness.Conference, expired.ConferenceId);
        Assert.Contains("consent", expired.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(new BridgeSnapshot(1, 1, 1, 1, 1), harness.Bridge.GetSnapshot());
        Assert.DoesNotContain(harness.Events.Expired, e => e.EndpointId == "B");

        // The bridge re-offers once per removed producer: answer until an offer reflects A's departure entirely
        // (strictly it should be the first; see FirstOfferAfterPublisherLeaves_AllItsSectionsInactive).
        SubscribeOfferEvent offer;
        var rounds = 0;
        do
        {
            offer = await harness.AnswerNextOfferAsync(b);
            rounds++;
        }
        while (offer.Tracks.Count > 0 && rounds < 3);

        AssertAllInactive(offer);
        Assert.Equal(0, harness.Events.ForeignEvents);
    }

    [Fact]
    public async Task ExpireEveryEndpoint_ByRequest_SnapshotAllZero()
    {
        await using var harness = new BridgeHarness();
        var (a, b) = await harness.ConnectPairAsync();
        var c = await harness.JoinAsync("C");
        await harness.AnswerNextOfferAsync(c);

        foreach (var peer in new[] { a, b, c })
        {
            Assert.IsType<OkReply>(await harness.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, peer.Id)));
        }

        Assert.Equal(new BridgeSnapshot(0, 0, 0, 0, 0), harness.Bridge.GetSnapshot());
        Assert.Empty(harness.Events.Expired);
        var again = Assert.IsType<BridgeErrorReply>(await harness.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, "A")));
        Assert.Equal(BridgeErrorCodes.UnknownEndpoint, again.Code);
    }

    [Fact]
    public async Task FirstOfferAfterPublisherLeaves_AllItsSectionsInactive()
    {
        await using var harness = new BridgeHarness();
        var (_, b) = await harness.ConnectPairAsync();
        var offersBefore = b.Participant.SubscribeVersion;

        Assert.IsType<OkReply>(await harness.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, "A")));

        AssertAllInactive(await harness.Events.Recorder.WaitForSubscribeOfferAsync("B", offersBefore, BridgeHarness.Wait));
    }

    private static void AssertAllInactive(SubscribeOfferEvent offer)
    {
        Assert.True(SessionDescription.TryParse(offer.Sdp, out var sdp, out _));
        Assert.Equal(2, sdp!.Media.Count);
        Assert.All(sdp.Media, m =>
        {
            Assert.Equal(SdpDirection.Inactive, m.Direction);
            Assert.Empty(m.SsrcLines);
        });
        Assert.Empty(offer.Tracks);
    }
}
