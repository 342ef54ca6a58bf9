using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests;

/// <summary>Rooms, bridge events, subscribe versions, leaving and freeing state.</summary>
public sealed class FocusServiceTests
{
    private static readonly SubscribedTrack[] Tracks = [new("0", "someone", "audio", "a0")];

    [Fact]
    public async Task SubscribeOfferEvent_JoinedParticipant_ForwardedAsSubscribeOffer()
    {
        var harness = new FocusHarness();
        var (client, joined) = await harness.JoinAsync("Room", "Ada");

        harness.Focus.OnBridgeEvent("fake", new SubscribeOfferEvent("room", joined.ParticipantId, "offer-1", 1, Tracks) { Generation = 1 });

        var offer = await client.Connection.NextAsync<SubscribeOfferMessage>();
        Assert.Equal("offer-1", offer.Sdp);
        Assert.Equal(1, offer.Version);
        Assert.Equal([new TrackInfo("0", "someone", "audio", "a0")], offer.Tracks);
        Assert.Null(offer.RequestId);
    }

    [Theory]
    [InlineData("other-bridge", "room")]
    [InlineData("fake", "other-room")]
    public async Task SubscribeOfferEvent_WrongBridgeOrConference_Ignored(string bridgeId, string conferenceId)
    {
        var harness = new FocusHarness();
        var (client, joined) = await harness.JoinAsync("room", "Ada");

        harness.Focus.OnBridgeEvent(bridgeId, new SubscribeOfferEvent(conferenceId, joined.ParticipantId, "offer", 1, Tracks) { Generation = 1 });
        harness.Focus.OnBridgeEvent("fake", new SubscribeOfferEvent("room", "nobody", "offer", 1, Tracks) { Generation = 1 });

        await client.AssertQuietAsync();
    }

    [Fact]
    public async Task BridgeEvent_OfAnEarlierLifeOfTheRoom_Ignored()
    {
        var harness = new FocusHarness();
        var (first, _) = await harness.JoinAsync("room", "Ada");
        await first.SendAsync(new LeaveMessage());
        Assert.Equal(0, harness.Focus.GetSnapshot().Rooms);
        var (client, joined) = await harness.JoinAsync("room", "Bob");

        harness.Focus.OnBridgeEvent("fake", new SubscribeOfferEvent("room", joined.ParticipantId, "stale", 1, Tracks) { Generation = 1 });
        harness.Focus.OnBridgeEvent("fake", new SubscribeOfferEvent("room", joined.ParticipantId, "fresh", 1, Tracks) { Generation = 2 });

        var offer = await client.Connection.NextAsync<SubscribeOfferMessage>();
        Assert.Equal("fresh", offer.Sdp);
        Assert.Equal(2, Assert.Single(harness.Bridge.RequestsOf<AllocateEndpointRequest>(), r => r.EndpointId == joined.ParticipantId).Generation);
    }

    [Fact]
    public async Task SubscribeAnswer_NoOutstandingOffer_OutOfOrder()
    {
        var harness = new FocusHarness();
        var (client, _) = await harness.JoinAsync("room", "Ada");

        await client.SendAsync(new SubscribeAnswerMessage("answer", 1) { RequestId = 30 });

        await client.Connection.NextErrorAsync(SignalingErrorCodes.OutOfOrder, 30);
        Assert.Empty(harness.Bridge.RequestsOf<SubscribeAnswerRequest>());
    }

    [Fact]
    public async Task SubscribeAnswer_VersionChecks_OnlyOutstandingVersionForwardedOnce()
    {
        var harness = new FocusHarness();
        var (client, joined) = await harness.JoinAsync("room", "Ada");
        harness.Focus.OnBridgeEvent("fake", new SubscribeOfferEvent("room", joined.ParticipantId, "offer-3", 3, Tracks) { Generation = 1 });
        await client.Connection.NextAsync<SubscribeOfferMessage>();

        await client.SendAsync(new SubscribeAnswerMessage("answer-2", 2) { RequestId = 31 });
        var error = await client.Connection.NextErrorAsync(SignalingErrorCodes.OutOfOrder, 31);
        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);

        await client.SendAsync(new SubscribeAnswerMessage("answer-3", 3) { RequestId = 32 });
        await client.SendAsync(new SubscribeAnswerMessage("answer-3", 3) { RequestId = 33 });

        await client.Connection.NextErrorAsync(SignalingErrorCodes.OutOfOrder, 33);
        var forwarded = Assert.Single(harness.Bridge.RequestsOf<SubscribeAnswerRequest>());
        Assert.Equal(new SubscribeAnswerRequest("room", joined.ParticipantId, "answer-3", 3) { Generation = 1 }, forwarded);
    }

    [Fact]
    public async Task SubscribeAnswer_BridgeSaysBadSdp_BadSdpAndOfferStillOutstanding()
    {
        var harness = new FocusHarness();
        var (client, joined) = await harness.JoinAsync("room", "Ada");
        harness.Focus.OnBridgeEvent("fake", new SubscribeOfferEvent("room", joined.ParticipantId, "offer", 1, Tracks) { Generation = 1 });
        await client.Connection.NextAsync<SubscribeOfferMessage>();
        harness.Bridge.Reply<SubscribeAnswerRequest>(a => a.Sdp == "bad" ? new BridgeErrorReply(BridgeErrorCodes.BadSdp, "no a=fingerprint") : OkReply.Instance);

        await client.SendAsync(new SubscribeAnswerMessage("bad", 1) { RequestId = 34 });
        await client.Connection.NextErrorAsync(SignalingErrorCodes.BadSdp, 34);
        await client.SendAsync(new SubscribeAnswerMessage("good", 1) { RequestId = 35 });

        Assert.Equal(2, harness.Bridge.RequestsOf<SubscribeAnswerRequest>().Length);
        await client.AssertQuietAsync();
    }

    [Fact]
    public async Task SubscribeOfferEvent_DuringJoin_SentRightAfterJoined()
    {
        var harness = new FocusHarness();
        var allocating = new TaskCompletionSource<AllocateEndpointRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<BridgeReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Bridge.Responder = (request, _) =>
        {
            if (request is AllocateEndpointRequest allocate)
            {
                allocating.TrySetResult(allocate);
                return release.Task;
            }

            return Task.FromResult(FakeBridge.DefaultReply(request));
        };
        var client = harness.NewClient();

        var join = client.SendAsync(new JoinMessage("room", "Ada") { RequestId = 1 });
        var endpoint = (await allocating.Task.WaitAsync(RecordingConnection.Timeout)).EndpointId;
        harness.Focus.OnBridgeEvent("fake", new SubscribeOfferEvent("room", endpoint, "early", 1, Tracks) { Generation = 1 });
        await client.AssertQuietAsync();
        release.SetResult(OkReply.Instance);
        await join;

        Assert.Equal(endpoint, (await client.Connection.NextAsync<JoinedMessage>()).ParticipantId);
        Assert.Equal("early", (await client.Connection.NextAsync<SubscribeOfferMessage>()).Sdp);
        await client.SendAsync(new SubscribeAnswerMessage("answer", 1));
        Assert.Single(harness.Bridge.RequestsOf<SubscribeAnswerRequest>());
    }

    [Fact]
    public async Task SetMuted_TellsOthersNotSelf_AndLaterJoinersSeeIt()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, _) = await harness.JoinAsync("room", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();

        await ada.SendAsync(new SetMutedMessage(true, false) { RequestId = 40 });

        var muted = await bob.Connection.NextAsync<ParticipantMutedMessage>();
        Assert.Equal(new ParticipantMutedMessage(adaJoined.ParticipantId, true, false), muted);
        await ada.AssertQuietAsync();
        var (_, carolJoined) = await harness.JoinAsync("room", "Carol");
        Assert.Contains(new ParticipantInfo(adaJoined.ParticipantId, "Ada", true, false), carolJoined.Participants);
    }

    [Fact]
    public async Task Leave_TellsOthersExpiresEndpointAndCloses()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, _) = await harness.JoinAsync("room", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();

        await ada.SendAsync(new LeaveMessage { RequestId = 50 });

        Assert.Equal(adaJoined.ParticipantId, (await bob.Connection.NextAsync<ParticipantLeftMessage>()).ParticipantId);
        Assert.Equal(new ExpireEndpointRequest("room", adaJoined.ParticipantId) { Generation = 1 }, Assert.Single(harness.Bridge.RequestsOf<ExpireEndpointRequest>()));
        Assert.Equal("left", await ada.Connection.Closed.WaitAsync(RecordingConnection.Timeout));
        Assert.Null(ada.Session.ParticipantId);
        Assert.Equal(new FocusSnapshot(1, 1, 1), harness.Focus.GetSnapshot());
    }

    [Fact]
    public async Task Close_ConnectionEnded_SameAsLeaveAndStateFreed()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, bobJoined) = await harness.JoinAsync("room", "Bob");

        await ada.Session.CloseAsync("connection lost");
        await ada.Session.CloseAsync("connection lost");
        await bob.Session.CloseAsync("connection lost");

        Assert.Equal(adaJoined.ParticipantId, (await bob.Connection.NextAsync<ParticipantLeftMessage>()).ParticipantId);
        var expired = harness.Bridge.RequestsOf<ExpireEndpointRequest>().Select(r => r.EndpointId).ToArray();
        Assert.Equal([adaJoined.ParticipantId, bobJoined.ParticipantId], expired);
        Assert.Equal(new FocusSnapshot(0, 0, 1), harness.Focus.GetSnapshot());
    }

    [Fact]
    public async Task EndpointExpiredEvent_TellsOthersClosesAndDoesNotAskBridge()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, _) = await harness.JoinAsync("room", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();

        harness.Focus.OnBridgeEvent("fake", new EndpointExpiredEvent("room", adaJoined.ParticipantId, "ICE consent expired") { Generation = 1 });

        Assert.Equal(adaJoined.ParticipantId, (await bob.Connection.NextAsync<ParticipantLeftMessage>()).ParticipantId);
        Assert.Contains("ICE consent expired", await ada.Connection.Closed.WaitAsync(RecordingConnection.Timeout), StringComparison.Ordinal);
        await ada.Session.CloseAsync("connection closed");
        Assert.Empty(harness.Bridge.RequestsOf<ExpireEndpointRequest>());
        Assert.Equal(new FocusSnapshot(1, 1, 1), harness.Focus.GetSnapshot());
    }

    [Fact]
    public async Task Join_NoBridgeRegistered_BridgeUnavailableThenJoinsOnceRegistered()
    {
        var harness = new FocusHarness(registerBridge: false);
        var client = harness.NewClient();

        await client.SendAsync(new JoinMessage("room", "Ada") { RequestId = 60 });
        await client.Connection.NextErrorAsync(SignalingErrorCodes.BridgeUnavailable, 60);
        Assert.Equal(new FocusSnapshot(0, 0, 0), harness.Focus.GetSnapshot());

        harness.Focus.RegisterBridge(harness.Bridge);
        await client.SendAsync(new JoinMessage("room", "Ada") { RequestId = 61 });
        Assert.Equal(61, (await client.Connection.NextAsync<JoinedMessage>()).RequestId);
    }

    [Fact]
    public async Task Join_BridgeRefusesAllocation_BridgeUnavailableAndNothingKept()
    {
        var harness = new FocusHarness();
        harness.Bridge.Reply<AllocateEndpointRequest>(_ => new BridgeErrorReply(BridgeErrorCodes.ShuttingDown, "draining"));
        var client = harness.NewClient();

        await client.SendAsync(new JoinMessage("room", "Ada") { RequestId = 62 });

        var error = await client.Connection.NextErrorAsync(SignalingErrorCodes.BridgeUnavailable, 62);
        Assert.Contains("draining", error.Message, StringComparison.Ordinal);
        Assert.Equal(new FocusSnapshot(0, 0, 1), harness.Focus.GetSnapshot());
        Assert.Empty(harness.Bridge.RequestsOf<ExpireEndpointRequest>());
    }

    [Fact]
    public async Task Join_BridgeDoesNotAnswer_BridgeUnavailableAfterTimeoutAndEndpointFreed()
    {
        var harness = new FocusHarness(new FocusOptions { BridgeRequestTimeout = TimeSpan.FromMilliseconds(200) });
        harness.Bridge.Responder = (request, ct) => request is AllocateEndpointRequest
            ? Task.Delay(Timeout.Infinite, ct).ContinueWith<BridgeReply>(_ => throw new OperationCanceledException(ct), TaskScheduler.Default)
            : Task.FromResult(FakeBridge.DefaultReply(request));
        var client = harness.NewClient();

        await client.SendAsync(new JoinMessage("room", "Ada") { RequestId = 63 });

        await client.Connection.NextErrorAsync(SignalingErrorCodes.BridgeUnavailable, 63);
        Assert.Equal(new FocusSnapshot(0, 0, 1), harness.Focus.GetSnapshot());
        var allocate = Assert.Single(harness.Bridge.RequestsOf<AllocateEndpointRequest>());
        var deadline = DateTime.UtcNow + RecordingConnection.Timeout;
        while (harness.Bridge.RequestsOf<ExpireEndpointRequest>().Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(allocate.EndpointId, Assert.Single(harness.Bridge.RequestsOf<ExpireEndpointRequest>()).EndpointId);
    }

    [Fact]
    public async Task Join_RoomFull_InvalidRoomOthersUnaffected()
    {
        var harness = new FocusHarness(new FocusOptions { MaxParticipantsPerRoom = 2 });
        await harness.JoinAsync("room", "Ada");
        await harness.JoinAsync("room", "Bob");
        var carol = harness.NewClient();

        await carol.SendAsync(new JoinMessage("room", "Carol") { RequestId = 64 });

        var error = await carol.Connection.NextErrorAsync(SignalingErrorCodes.InvalidRoom, 64);
        Assert.Contains("full", error.Message, StringComparison.Ordinal);
        await carol.SendAsync(new JoinMessage("other", "Carol") { RequestId = 65 });
        Assert.Equal(65, (await carol.Connection.NextAsync<JoinedMessage>()).RequestId);
    }

    [Fact]
    public void RegisterBridge_SameIdTwice_Throws()
    {
        var harness = new FocusHarness();

        Assert.Throws<InvalidOperationException>(() => harness.Focus.RegisterBridge(new FakeBridge("fake")));
    }
}
