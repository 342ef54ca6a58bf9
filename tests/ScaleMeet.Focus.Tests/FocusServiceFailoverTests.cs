using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Bridges;
using ScaleMeet.Focus.Tests.Bridges;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests;

/// <summary>
/// Failover over the real control path (acceptor, sessions, codec on an in-memory channel): a Lost bridge's rooms move
/// to another bridge under a new generation, each member is allocated there and told <c>moved</c>, and the new bridge's
/// subscribe offers follow; with no bridge left, or one that refuses, the participant is closed with the reason.
/// </summary>
public sealed class FocusServiceFailoverTests
{
    private const string Secret = "a-test-secret-of-some-length";

    private static (FocusService Focus, BridgeAcceptor Acceptor) NewFocus()
    {
        var focus = new FocusService(new FocusOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        return (focus, new BridgeAcceptor(focus, new ControlOptions(), Secret, NullLoggerFactory.Instance, TimeProvider.System));
    }

    /// <summary>Registers <paramref name="bridgeId"/> and makes it Active with <paramref name="stress"/>.</summary>
    private static async Task<RawBridgePeer> ActiveBridgeAsync(FocusService focus, BridgeAcceptor acceptor, string bridgeId, double stress)
    {
        var (focusEnd, bridgeEnd) = InMemoryControlChannel.CreatePair();
        var peer = new RawBridgePeer(bridgeEnd);
        _ = acceptor.RunAsync(focusEnd, "test", CancellationToken.None);
        await peer.SendAsync(RawBridgePeer.Hello(Secret, bridgeId), 1);
        await peer.NextAsync<WelcomeMessage>();
        await peer.SendAsync(new HeartbeatMessage(RawBridgePeer.Status(stress: stress)), 2);
        await Eventually.TrueAsync(() => focus.Bridges.List().Any(b => b.Id == bridgeId && b.State == nameof(BridgeState.Active)));
        return peer;
    }

    /// <summary>Joins Ada to "room" and lets <paramref name="bridge"/> accept her endpoint.</summary>
    private static async Task<(RecordingConnection Connection, SignalingSession Session, string ParticipantId, long Generation)> JoinAsync(
        FocusService focus, RawBridgePeer bridge)
    {
        var connection = new RecordingConnection();
        var session = focus.CreateSession(connection);
        var join = session.HandleAsync(new JoinMessage("room", "Ada", null, null) { RequestId = 1 }, CancellationToken.None);
        var (allocate, envelope) = await bridge.NextAsync<AllocateEndpointRequest>();
        await bridge.SendAsync(OkReply.Instance, 100, replyTo: envelope.Id);
        await join.WaitAsync(RawBridgePeer.Wait);
        var joined = await NextOfTypeAsync<JoinedMessage>(connection);
        return (connection, session, joined.ParticipantId, allocate.Generation);
    }

    /// <summary>The next message of type <typeparamref name="T"/>, passing over the roster and the like.</summary>
    private static async Task<T> NextOfTypeAsync<T>(RecordingConnection connection)
        where T : SignalingMessage
    {
        while (true)
        {
            if (await connection.NextAsync<SignalingMessage>() is T wanted)
            {
                return wanted;
            }
        }
    }

    [Fact]
    public async Task BridgeClosed_RoomAllocatedOnTheOtherUnderANewGeneration_MovedSentThenItsSubscribeOffer()
    {
        var (focus, acceptor) = NewFocus();
        var b1 = await ActiveBridgeAsync(focus, acceptor, "b1", stress: 0.1);
        var b2 = await ActiveBridgeAsync(focus, acceptor, "b2", stress: 0.5);
        var (connection, session, participantId, generation) = await JoinAsync(focus, b1);

        await b1.Channel.CloseAsync("killed");

        var (allocate, envelope) = await b2.NextAsync<AllocateEndpointRequest>();
        Assert.Equal(("room", participantId, "Ada"), (allocate.ConferenceId, allocate.EndpointId, allocate.DisplayName));
        Assert.True(allocate.Generation > generation, $"generation {allocate.Generation} after {generation}");

        // An offer the new bridge sends before it answered the allocation waits for `moved`, then follows it.
        await b2.SendAsync(new SubscribeOfferEvent("room", participantId, "v=0", 1, []) { Generation = allocate.Generation }, 200);
        await b2.SendAsync(OkReply.Instance, 201, replyTo: envelope.Id);

        var moved = await NextOfTypeAsync<MovedMessage>(connection);
        Assert.Contains("b1", moved.Reason, StringComparison.Ordinal);
        var offer = await connection.NextAsync<SubscribeOfferMessage>();
        Assert.Equal(1, offer.Version);
        Assert.Equal(1, focus.BridgeCounters.ParticipantsMoved);
        Assert.Equal(0, focus.BridgeCounters.MoveFailures);
        Assert.False(connection.Closed.IsCompleted);
        Assert.Equal(1, focus.GetSnapshot().Participants);

        // Leaving now expires the endpoint on the bridge it moved to.
        await session.HandleAsync(new LeaveMessage(), CancellationToken.None);
        var (expire, _) = await b2.NextAsync<ExpireEndpointRequest>();
        Assert.Equal((participantId, allocate.Generation), (expire.EndpointId, expire.Generation));
    }

    [Fact]
    public async Task BridgeClosed_TheOtherRefusesTheEndpoint_ParticipantClosedWithTheReasonAndFailureCounted()
    {
        var (focus, acceptor) = NewFocus();
        var b1 = await ActiveBridgeAsync(focus, acceptor, "b1", stress: 0.1);
        var b2 = await ActiveBridgeAsync(focus, acceptor, "b2", stress: 0.5);
        var (connection, _, _, _) = await JoinAsync(focus, b1);

        await b1.Channel.CloseAsync("killed");
        var (_, envelope) = await b2.NextAsync<AllocateEndpointRequest>();
        await b2.SendAsync(new BridgeErrorReply(BridgeErrorCodes.Internal, "no ports left"), 200, replyTo: envelope.Id);

        var reason = await connection.Closed.WaitAsync(RawBridgePeer.Wait);
        Assert.Contains("moving to another bridge failed", reason, StringComparison.Ordinal);
        Assert.Equal((0L, 1L), (focus.BridgeCounters.ParticipantsMoved, focus.BridgeCounters.MoveFailures));
        Assert.Equal(0, focus.GetSnapshot().Participants);
        var (expire, _) = await b2.NextAsync<ExpireEndpointRequest>();
        Assert.Equal("room", expire.ConferenceId);
    }

    [Fact]
    public async Task OnlyBridgeClosed_NoBridgeLeft_ParticipantClosedWithTheReason()
    {
        var (focus, acceptor) = NewFocus();
        var b1 = await ActiveBridgeAsync(focus, acceptor, "b1", stress: 0.1);
        var (connection, _, _, _) = await JoinAsync(focus, b1);

        await b1.Channel.CloseAsync("killed");

        var reason = await connection.Closed.WaitAsync(RawBridgePeer.Wait);
        Assert.Contains("no other bridge is available", reason, StringComparison.Ordinal);
        Assert.Equal(1, focus.BridgeCounters.MoveFailures);
        Assert.Equal(0, focus.GetSnapshot().Participants);
    }
}
