using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests;

/// <summary>receiverConstraints to the bridge; dominantSpeaker and senderConstraints from it.</summary>
public sealed class AdaptiveVideoRoutingTests
{
    private static ReceiverConstraintsMessage Constraints(int lastN = -1, int defaultMaxHeight = 180) =>
        new(lastN, ["bob"], defaultMaxHeight, new Dictionary<string, VideoConstraint> { ["bob"] = new(720) });

    [Fact]
    public async Task ReceiverConstraints_ForwardedToBridgeForThatEndpoint()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("Room", "Ada");

        await ada.SendAsync(Constraints() with { RequestId = 7 });

        var request = Assert.Single(harness.Bridge.RequestsOf<ReceiverConstraintsRequest>());
        Assert.Equal("room", request.ConferenceId);
        Assert.Equal(adaJoined.ParticipantId, request.EndpointId);
        Assert.Equal(720, request.Constraints.MaxHeights["bob"]);
        Assert.Equal(["bob"], request.Constraints.OnStage);
        Assert.Equal(1, request.Generation);
        await ada.AssertQuietAsync();
    }

    [Theory]
    [InlineData(-2, 180, "lastN")]
    [InlineData(-1, -1, "defaultMaxHeight")]
    [InlineData(-1, 100000, "defaultMaxHeight")]
    public async Task ReceiverConstraints_OutOfRange_MalformedAndNotForwarded(int lastN, int defaultMaxHeight, string named)
    {
        var harness = new FocusHarness();
        var (ada, _) = await harness.JoinAsync("room", "Ada");

        await ada.SendAsync(Constraints(lastN, defaultMaxHeight) with { RequestId = 8 });

        var error = await ada.Connection.NextErrorAsync(SignalingErrorCodes.Malformed, 8);
        Assert.Contains(named, error.Message);
        Assert.Empty(harness.Bridge.RequestsOf<ReceiverConstraintsRequest>());
    }

    [Fact]
    public async Task ReceiverConstraints_NegativeSourceHeight_Malformed()
    {
        var harness = new FocusHarness();
        var (ada, _) = await harness.JoinAsync("room", "Ada");
        var message = new ReceiverConstraintsMessage(-1, [], 180, new Dictionary<string, VideoConstraint> { ["x"] = new(-5) }) { RequestId = 9 };

        await ada.SendAsync(message);

        Assert.Contains("constraints['x']", (await ada.Connection.NextErrorAsync(SignalingErrorCodes.Malformed, 9)).Message);
    }

    [Fact]
    public async Task ReceiverConstraints_BeforeJoin_NotJoined()
    {
        var harness = new FocusHarness();
        var client = harness.NewClient();

        await client.SendAsync(Constraints() with { RequestId = 3 });

        await client.Connection.NextErrorAsync(SignalingErrorCodes.NotJoined, 3);
    }

    [Fact]
    public async Task DominantSpeakerEvent_SentToEveryoneInTheRoomOnly()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, _) = await harness.JoinAsync("room", "Bob");
        var (other, _) = await harness.JoinAsync("elsewhere", "Eve");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();

        harness.Focus.OnBridgeEvent(harness.Bridge.BridgeId, new DominantSpeakerEvent("room", adaJoined.ParticipantId) { Generation = 1 });

        Assert.Equal(adaJoined.ParticipantId, (await ada.Connection.NextAsync<DominantSpeakerMessage>()).ParticipantId);
        Assert.Equal(adaJoined.ParticipantId, (await bob.Connection.NextAsync<DominantSpeakerMessage>()).ParticipantId);
        await other.AssertQuietAsync();
    }

    [Fact]
    public async Task SenderConstraintsEvent_SentToThatPublisherOnly()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, _) = await harness.JoinAsync("room", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();

        harness.Focus.OnBridgeEvent(harness.Bridge.BridgeId, new SenderConstraintsEvent("room", adaJoined.ParticipantId, 360) { Generation = 1 });

        Assert.Equal(360, (await ada.Connection.NextAsync<SenderConstraintsMessage>()).MaxHeight);
        await bob.AssertQuietAsync();
    }

    [Fact]
    public void SenderConstraintsEvent_UnknownEndpoint_Ignored()
    {
        var harness = new FocusHarness();

        harness.Focus.OnBridgeEvent(harness.Bridge.BridgeId, new SenderConstraintsEvent("room", "nobody", 360) { Generation = 1 });

        Assert.Equal(0, harness.Focus.GetSnapshot().Participants);
    }
}
