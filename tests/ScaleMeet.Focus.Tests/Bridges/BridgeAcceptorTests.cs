using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Focus.Bridges;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests.Bridges;

/// <summary>Registration over the control protocol: hello checks with counted refusals, heartbeats, bad input, liveness.</summary>
public sealed class BridgeAcceptorTests
{
    private const string Secret = "a-test-secret-of-some-length";

    private static (FocusService Focus, BridgeAcceptor Acceptor) NewFocus(ControlOptions? options = null, TimeProvider? time = null)
    {
        var focus = new FocusService(new FocusOptions(), NullLoggerFactory.Instance, time ?? TimeProvider.System);
        return (focus, new BridgeAcceptor(focus, options ?? new ControlOptions(), Secret, NullLoggerFactory.Instance, time ?? TimeProvider.System));
    }

    private static (RawBridgePeer Peer, Task Served) Connect(BridgeAcceptor acceptor)
    {
        var (focusEnd, bridgeEnd) = InMemoryControlChannel.CreatePair();
        return (new RawBridgePeer(bridgeEnd), acceptor.RunAsync(focusEnd, "test", CancellationToken.None));
    }

    private static async Task<RawBridgePeer> RegisterAsync(BridgeAcceptor acceptor, string bridgeId = "b1")
    {
        var (peer, _) = Connect(acceptor);
        await peer.SendAsync(RawBridgePeer.Hello(Secret, bridgeId), 1);
        var (_, envelope) = await peer.NextAsync<WelcomeMessage>();
        Assert.Equal(1, envelope.ReplyTo);
        return peer;
    }

    [Fact]
    public async Task Hello_RightSecret_WelcomedConnectingThenActiveOnHeartbeat()
    {
        var (focus, acceptor) = NewFocus();
        var (peer, _) = Connect(acceptor);

        await peer.SendAsync(RawBridgePeer.Hello(Secret, "b1", region: "eu"), 1);
        var (welcome, envelope) = await peer.NextAsync<WelcomeMessage>();

        Assert.Equal(1, envelope.ReplyTo);
        Assert.Equal(focus.FocusId, welcome.FocusId);
        Assert.Equal(2000, welcome.HeartbeatIntervalMs);
        Assert.Equal(3, welcome.MissedHeartbeatsAllowed);
        var view = Assert.Single(focus.Bridges.List());
        Assert.Equal(("b1", "eu", nameof(BridgeState.Connecting)), (view.Id, view.Region, view.State));

        await peer.SendAsync(new HeartbeatMessage(RawBridgePeer.Status(stress: 0.25, participants: 7)), 2);
        await Eventually.TrueAsync(() => focus.Bridges.List()[0].State == nameof(BridgeState.Active));
        view = focus.Bridges.List()[0];
        Assert.Equal((0.25, 7), (view.Stress, view.Participants));
        Assert.Equal(1, focus.BridgeCounters.Registrations);
    }

    [Fact]
    public async Task Hello_WrongSecret_RefusedBadSecretCountedAndClosed()
    {
        var (focus, acceptor) = NewFocus();
        var (peer, served) = Connect(acceptor);

        await peer.SendAsync(RawBridgePeer.Hello("another-secret-entirely", "b1"), 1);

        var (refused, envelope) = await peer.NextAsync<RefusedMessage>();
        Assert.Equal(RefusalReasons.BadSecret, refused.Reason);
        Assert.Equal(1, envelope.ReplyTo);
        Assert.True(await peer.ClosedAsync());
        await served.WaitAsync(RawBridgePeer.Wait);
        Assert.Equal(1, focus.BridgeCounters.RefusalsOf(RefusalReasons.BadSecret));
        Assert.Empty(focus.Bridges.List());
    }

    [Theory]
    [InlineData(-31)]
    [InlineData(31)]
    public async Task Hello_TimestampBeyondSkew_RefusedStaleTimestamp(int secondsOff)
    {
        var (focus, acceptor) = NewFocus();
        var (peer, _) = Connect(acceptor);
        var elsewhere = new FixedClock(DateTimeOffset.UtcNow.AddSeconds(secondsOff));

        await peer.SendAsync(RawBridgePeer.Hello(Secret, "b1", elsewhere), 1);

        var (refused, _) = await peer.NextAsync<RefusedMessage>();
        Assert.Equal(RefusalReasons.StaleTimestamp, refused.Reason);
        Assert.Contains("30", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, focus.BridgeCounters.RefusalsOf(RefusalReasons.StaleTimestamp));
    }

    [Fact]
    public async Task Hello_PlayedAgain_RefusedReplayedNonce()
    {
        var (focus, acceptor) = NewFocus();
        var hello = RawBridgePeer.Hello(Secret, "b1");
        var (first, _) = Connect(acceptor);
        await first.SendAsync(hello, 1);
        await first.NextAsync<WelcomeMessage>();
        await first.Channel.CloseAsync("bridge gone");
        await Eventually.TrueAsync(() => focus.Bridges.List().Single().State == nameof(BridgeState.Lost));

        var (second, _) = Connect(acceptor);
        await second.SendAsync(hello, 1);

        var (refused, _) = await second.NextAsync<RefusedMessage>();
        Assert.Equal(RefusalReasons.ReplayedNonce, refused.Reason);
        Assert.Equal(1, focus.BridgeCounters.RefusalsOf(RefusalReasons.ReplayedNonce));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Hello_OtherProtocolVersion_RefusedUnsupportedVersion(int version)
    {
        var (focus, acceptor) = NewFocus();
        var (peer, _) = Connect(acceptor);

        await peer.SendAsync(RawBridgePeer.Hello(Secret, "b1"), 1, version: version);

        var (refused, envelope) = await peer.NextAsync<RefusedMessage>();
        Assert.Equal(RefusalReasons.UnsupportedVersion, refused.Reason);
        Assert.Contains($"version {version}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, envelope.ReplyTo);
        Assert.Equal(1, focus.BridgeCounters.RefusalsOf(RefusalReasons.UnsupportedVersion));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"v":2,"id":1,"message":{"type":"heartbeat","status":{}}}""")]
    [InlineData("""{"v":2,"id":1,"message":{"type":"hello","bridgeId":"b 1","region":"","version":"1","mediaAddresses":[],"averageParticipantStress":0,"auth":{"timestamp":0,"nonce":"n","mac":"m"}}}""")]
    public async Task FirstMessage_NotAGoodHello_RefusedMalformed(string json)
    {
        var (focus, acceptor) = NewFocus();
        var (peer, _) = Connect(acceptor);

        await peer.SendRawAsync(System.Text.Encoding.UTF8.GetBytes(json));

        var (refused, _) = await peer.NextAsync<RefusedMessage>();
        Assert.Equal(RefusalReasons.Malformed, refused.Reason);
        Assert.True(await peer.ClosedAsync());
        Assert.Equal(1, focus.BridgeCounters.RefusalsOf(RefusalReasons.Malformed));
    }

    [Fact]
    public async Task NoHello_WithinTimeout_RefusedHelloTimeout()
    {
        var (focus, acceptor) = NewFocus(new ControlOptions { HelloTimeout = TimeSpan.FromMilliseconds(200) });
        var (peer, _) = Connect(acceptor);

        var (refused, _) = await peer.NextAsync<RefusedMessage>();

        Assert.Equal(RefusalReasons.HelloTimeout, refused.Reason);
        Assert.Equal(1, focus.BridgeCounters.RefusalsOf(RefusalReasons.HelloTimeout));
    }

    [Fact]
    public async Task Hello_IdOfALiveBridge_RefusedDuplicateId()
    {
        var (focus, acceptor) = NewFocus();
        await RegisterAsync(acceptor, "b1");
        var (peer, _) = Connect(acceptor);

        await peer.SendAsync(RawBridgePeer.Hello(Secret, "b1"), 1);

        var (refused, _) = await peer.NextAsync<RefusedMessage>();
        Assert.Equal(RefusalReasons.DuplicateId, refused.Reason);
        Assert.Equal(1, focus.BridgeCounters.RefusalsOf(RefusalReasons.DuplicateId));
        Assert.Equal(nameof(BridgeState.Connecting), Assert.Single(focus.Bridges.List()).State);
    }

    [Theory]
    [InlineData("{ this is not json", BridgeErrorCodes.Malformed, null)]
    [InlineData("""{"v":2,"id":41,"message":{"type":"teleport"}}""", BridgeErrorCodes.UnknownType, 41L)]
    [InlineData("""{"v":2,"id":42,"message":{"type":"endpointExpired","conferenceId":"room"}}""", BridgeErrorCodes.Malformed, 42L)]
    [InlineData("""{"v":2,"id":43,"message":{"type":"allocateEndpoint","conferenceId":"r","endpointId":"e","displayName":"d"}}""", BridgeErrorCodes.UnknownType, 43L)]
    public async Task AfterRegistration_BadMessage_ErrorReplyAndChannelStaysUp(string json, string code, long? replyTo)
    {
        var (focus, acceptor) = NewFocus();
        var peer = await RegisterAsync(acceptor);

        await peer.SendRawAsync(System.Text.Encoding.UTF8.GetBytes(json));

        var (error, envelope) = await peer.NextAsync<BridgeErrorReply>();
        Assert.Equal(code, error.Code);
        Assert.Equal(replyTo, envelope.ReplyTo);
        await peer.SendAsync(new HeartbeatMessage(RawBridgePeer.Status()), 50);
        await Eventually.TrueAsync(() => focus.Bridges.List()[0].State == nameof(BridgeState.Active));
    }

    [Fact]
    public async Task Request_ReplyMatchedByReplyTo_OthersIgnored()
    {
        var (focus, acceptor) = NewFocus();
        var peer = await RegisterAsync(acceptor);
        await peer.SendAsync(new HeartbeatMessage(RawBridgePeer.Status()), 2);
        await Eventually.TrueAsync(() => focus.Bridges.List()[0].State == nameof(BridgeState.Active));
        var harness = focus.CreateSession(new RecordingConnection());

        var join = harness.HandleAsync(new Contracts.Signaling.JoinMessage("room", "Ada", null, null) { RequestId = 1 }, CancellationToken.None);
        var (allocate, envelope) = await peer.NextAsync<AllocateEndpointRequest>();
        Assert.Equal(("room", 1L), (allocate.ConferenceId, allocate.Generation));
        await peer.SendAsync(new BridgeErrorReply(BridgeErrorCodes.Internal, "a reply to nothing"), 3, replyTo: envelope.Id + 1000);
        await peer.SendAsync(OkReply.Instance, 4, replyTo: envelope.Id);
        await join.WaitAsync(RawBridgePeer.Wait);

        Assert.Equal(1, focus.GetSnapshot().Participants);
    }

    [Fact]
    public async Task Heartbeats_Stop_LostWithinTheMissedIntervalsAndParticipantsClosed()
    {
        // 500 ms: the window (1.5 s) counts from the registration too, and a busy machine may hold this test thread
        // for a few hundred milliseconds before its first heartbeat (CI saw the channel closed at 0.3 s).
        var options = new ControlOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(500), MissedHeartbeats = 3 };
        var (focus, acceptor) = NewFocus(options);
        var peer = await RegisterAsync(acceptor);

        // Timed from the last heartbeat's sending: the focus received it later, so it may not be Lost sooner.
        var started = TimeProvider.System.GetTimestamp();
        await peer.SendAsync(new HeartbeatMessage(RawBridgePeer.Status()), 2);
        await Eventually.TrueAsync(() => focus.Bridges.List()[0].State == nameof(BridgeState.Active));

        // The bridge goes silent with its channel open (a hung process).
        await Eventually.TrueAsync(() => focus.Bridges.List()[0].State == nameof(BridgeState.Lost));

        var lostAfter = TimeProvider.System.GetElapsedTime(started);
        Assert.True(lostAfter >= TimeSpan.FromMilliseconds(1500), $"lost after {lostAfter.TotalMilliseconds:0} ms, before 3 intervals");
        Assert.Contains("no heartbeat", focus.Bridges.List()[0].LostReason, StringComparison.Ordinal);
        Assert.True(await peer.ClosedAsync());
        Assert.Equal(1, focus.BridgeCounters.Lost);
        Assert.Equal(0, focus.GetSnapshot().Bridges);
    }
}
