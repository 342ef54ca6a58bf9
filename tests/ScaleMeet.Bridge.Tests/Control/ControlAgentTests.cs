using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Bridge.Control;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Tests.Control;

/// <summary>
/// The bridge's side of the control protocol against a focus played by the test over an in-memory channel: hello,
/// heartbeats, requests idempotent by id, error replies to bad input, events leaving through the channel,
/// re-registration after the channel ends.
/// </summary>
public sealed class ControlAgentTests : IAsyncLifetime
{
    private const string Secret = "a-test-secret-of-some-length";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly Queue<InMemoryControlChannel> _focusEnds = new();
    private readonly SemaphoreSlim _connected = new(0);
    private ControlAgent _agent = null!;
    private MediaBridge _bridge = null!;

    public Task InitializeAsync()
    {
        _agent = new ControlAgent(new ControlAgentOptions { BridgeId = "b1", Region = "eu", Secret = Secret, ReconnectMinDelay = TimeSpan.FromMilliseconds(50) },
            _ =>
            {
                var (focusEnd, bridgeEnd) = InMemoryControlChannel.CreatePair();
                lock (_focusEnds)
                {
                    _focusEnds.Enqueue(focusEnd);
                }

                _connected.Release();
                return Task.FromResult<IControlChannel>(bridgeEnd);
            }, NullLoggerFactory.Instance, TimeProvider.System);
        _bridge = new MediaBridge("b1", new BridgeOptions { UdpPort = 0, BindAddress = "127.0.0.1", AdvertiseAddresses = ["127.0.0.1"] }, _agent,
            NullLoggerFactory.Instance, TimeProvider.System);
        _bridge.Start();
        _agent.Start(_bridge);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _bridge.DisposeAsync();
    }

    private async Task<InMemoryControlChannel> NextChannelAsync()
    {
        Assert.True(await _connected.WaitAsync(Wait), "the agent dialed");
        lock (_focusEnds)
        {
            return _focusEnds.Dequeue();
        }
    }

    private static async Task<ControlEnvelope?> ReadAsync(InMemoryControlChannel channel)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var bytes = await channel.ReceiveAsync(timeout.Token);
        if (bytes is null)
        {
            return null;
        }

        Assert.True(ControlCodec.TryDecode(bytes.Value.Span, out var envelope, out var error), error?.Message);
        return envelope;
    }

    /// <summary>The next envelope that is not a heartbeat.</summary>
    private static async Task<ControlEnvelope> ReadNotHeartbeatAsync(InMemoryControlChannel channel)
    {
        while (true)
        {
            var envelope = await ReadAsync(channel);
            Assert.NotNull(envelope);
            if (envelope.Message is not HeartbeatMessage)
            {
                return envelope;
            }
        }
    }

    private static ValueTask SendAsync(InMemoryControlChannel channel, ControlMessage message, long id, long? replyTo = null) =>
        channel.SendAsync(ControlCodec.Encode(new ControlEnvelope(ControlProtocol.Version, id, message, replyTo)), CancellationToken.None);

    private async Task<InMemoryControlChannel> WelcomeAsync(int heartbeatMs = 100)
    {
        var channel = await NextChannelAsync();
        var hello = await ReadAsync(channel);
        await SendAsync(channel, new WelcomeMessage("focus-test", heartbeatMs, 3), 1, hello!.Id);
        return channel;
    }

    [Fact]
    public async Task Hello_SignedAndDescribesTheBridge()
    {
        var channel = await NextChannelAsync();

        var envelope = await ReadAsync(channel);

        var hello = Assert.IsType<HelloMessage>(envelope!.Message);
        Assert.Equal(("b1", "eu"), (hello.BridgeId, hello.Region));
        Assert.Equal([$"127.0.0.1:{_bridge.UdpPort}"], hello.MediaAddresses);
        Assert.True(hello.Auth.MacMatches(Secret, "b1"));
        Assert.False(hello.Auth.MacMatches(Secret + "x", "b1"));
        Assert.InRange(hello.Auth.Timestamp, DateTimeOffset.UtcNow.AddSeconds(-10).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Welcomed_HeartbeatsAtTheAskedInterval()
    {
        var channel = await WelcomeAsync(heartbeatMs: 100);
        await _agent.FirstRegistration.WaitAsync(Wait);
        var started = TimeProvider.System.GetTimestamp();

        for (var i = 0; i < 4; i++)
        {
            var heartbeat = Assert.IsType<HeartbeatMessage>((await ReadAsync(channel))!.Message);
            Assert.Equal(BridgeStates.Running, heartbeat.Status.State);
        }

        // Four heartbeats (the first at once) take at least three intervals.
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(280));
        Assert.True(_agent.IsRegistered);
    }

    [Fact]
    public async Task Request_ResentWithTheSameId_RunsOnceAndGetsTheSameReply()
    {
        var channel = await WelcomeAsync(heartbeatMs: 60_000);
        var allocate = new AllocateEndpointRequest("room", "ada", "Ada") { Generation = 7 };

        await SendAsync(channel, allocate, 10);
        var first = await ReadRepliesUntilAsync(channel);
        await SendAsync(channel, allocate, 10);
        var again = await ReadRepliesUntilAsync(channel);
        await SendAsync(channel, allocate, 11);
        var fresh = await ReadRepliesUntilAsync(channel);
        ControlEnvelope[] byRequest = [first, again, fresh];

        Assert.Equal((10L, typeof(OkReply)), (byRequest[0].ReplyTo!.Value, byRequest[0].Message.GetType()));
        Assert.Equal((10L, typeof(OkReply)), (byRequest[1].ReplyTo!.Value, byRequest[1].Message.GetType()));
        Assert.Equal(11L, byRequest[2].ReplyTo);
        Assert.Equal(BridgeErrorCodes.AlreadyExists, Assert.IsType<BridgeErrorReply>(byRequest[2].Message).Code);
        Assert.Equal(1, (await _bridge.GetSnapshotAsync()).Endpoints);
    }

    private static async Task<ControlEnvelope> ReadRepliesUntilAsync(InMemoryControlChannel channel)
    {
        while (true)
        {
            var envelope = await ReadNotHeartbeatAsync(channel);
            if (envelope.Message is BridgeReply)
            {
                return envelope;
            }
        }
    }

    [Fact]
    public async Task Allocate_SubscribeOfferEventLeavesThroughTheChannelWithItsGeneration()
    {
        var channel = await WelcomeAsync(heartbeatMs: 60_000);
        using var publisher = new ScaleMeet.LoadTest.Peers.SyntheticTransport(new ScaleMeet.LoadTest.Peers.SyntheticTransportOptions());
        await SendAsync(channel, new AllocateEndpointRequest("room", "bob", "Bob") { Generation = 3 }, 9);
        await SendAsync(channel, new PublishOfferRequest("room", "bob", ScaleMeet.LoadTest.Peers.SyntheticSdp.PublishOffer(publisher, ScaleMeet.LoadTest.Peers.SyntheticTracks.Create())) { Generation = 3 }, 10);
        await SendAsync(channel, new AllocateEndpointRequest("room", "ada", "Ada") { Generation = 3 }, 11);

        SubscribeOfferEvent? offer = null;
        while (offer is null)
        {
            offer = (await ReadNotHeartbeatAsync(channel)).Message as SubscribeOfferEvent;
        }

        Assert.Equal(("room", "ada", 3L), (offer.ConferenceId, offer.EndpointId, offer.Generation));
    }

    [Theory]
    [InlineData("garbage", BridgeErrorCodes.Malformed, null)]
    [InlineData("""{"v":2,"id":21,"message":{"type":"warp"}}""", BridgeErrorCodes.UnknownType, 21L)]
    [InlineData("""{"v":2,"id":22,"message":{"type":"publishOffer","conferenceId":"room"}}""", BridgeErrorCodes.Malformed, 22L)]
    [InlineData("""{"v":2,"id":23,"message":{"type":"heartbeat","status":{"state":"running","healthy":true,"stress":0,"averageParticipantStress":0,"participants":0,"conferences":0,"bitrateDownloadKbps":0,"bitrateUploadKbps":0,"packetRateDownload":0,"packetRateUpload":0,"rttMilliseconds":0,"incomingLoss":0,"outgoingLoss":0}}}""", BridgeErrorCodes.UnknownType, 23L)]
    public async Task BadMessage_ErrorReplyAndTheChannelServesOn(string json, string code, long? replyTo)
    {
        var channel = await WelcomeAsync(heartbeatMs: 60_000);

        await channel.SendAsync(System.Text.Encoding.UTF8.GetBytes(json), CancellationToken.None);
        var error = await ReadNotHeartbeatAsync(channel);
        await SendAsync(channel, new ExpireEndpointRequest("room", "nobody"), 30);
        var served = await ReadNotHeartbeatAsync(channel);

        Assert.Equal(code, Assert.IsType<BridgeErrorReply>(error.Message).Code);
        Assert.Equal(replyTo, error.ReplyTo);
        Assert.Equal(30, served.ReplyTo);
    }

    [Fact]
    public async Task ChannelEnds_DialsAgainAndClosesTheEndpointsOfTheOldRegistration()
    {
        var first = await WelcomeAsync(heartbeatMs: 60_000);
        await SendAsync(first, new AllocateEndpointRequest("room", "ada", "Ada") { Generation = 1 }, 10);
        await ReadRepliesUntilAsync(first);
        Assert.Equal(1, (await _bridge.GetSnapshotAsync()).Endpoints);

        await first.CloseAsync("focus restarted");
        await WelcomeAsync(heartbeatMs: 60_000);

        var deadline = DateTime.UtcNow + Wait;
        while (_agent.Registrations < 2 || (await _bridge.GetSnapshotAsync()).Endpoints != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "re-registered and the old endpoint closed");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Refused_DialsAgainWithBackoffAndRemembersTheReason()
    {
        var channel = await NextChannelAsync();
        var hello = await ReadAsync(channel);

        await SendAsync(channel, new RefusedMessage(RefusalReasons.BadSecret, "no"), 1, hello!.Id);

        await NextChannelAsync();
        Assert.Equal(RefusalReasons.BadSecret, _agent.LastRefusal);
        Assert.Equal(0, _agent.Registrations);
    }
}
