using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests;

/// <summary>The per-connection state machine: requests, replies, and errors that leave the session usable.</summary>
public sealed class SignalingSessionTests
{
    [Fact]
    public async Task Join_ValidRoom_RepliesJoinedEchoingRequestId()
    {
        var options = new FocusOptions();
        options.IceServers.Add(new IceServerOptions { Urls = { "stun:stun.example.org:3478" } });
        var harness = new FocusHarness(options);
        var client = harness.NewClient();

        await client.SendAsync(new JoinMessage("Standup", "  Ada  ") { RequestId = 42 });

        var joined = await client.Connection.NextAsync<JoinedMessage>();
        Assert.Equal(42, joined.RequestId);
        Assert.Equal("Standup", joined.Room);
        Assert.Equal(11, joined.ParticipantId.Length);
        Assert.Empty(joined.Participants);
        Assert.Equal(SignalingProtocol.Version, joined.ProtocolVersion);
        Assert.Equal(["stun:stun.example.org:3478"], Assert.Single(joined.IceServers).Urls);
        Assert.Equal(joined.ParticipantId, client.Session.ParticipantId);
        var allocate = Assert.Single(harness.Bridge.RequestsOf<AllocateEndpointRequest>());
        Assert.Equal(new AllocateEndpointRequest("standup", joined.ParticipantId, "Ada") { Generation = 1 }, allocate);
    }

    [Fact]
    public async Task Join_SecondParticipant_ListsFirstAndAnnouncesSecond()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room1", "Ada");

        var (bob, bobJoined) = await harness.JoinAsync("ROOM1", "Bob");

        var listed = Assert.Single(bobJoined.Participants);
        Assert.Equal(new ParticipantInfo(adaJoined.ParticipantId, "Ada", false, false), listed);
        Assert.Equal("room1", bobJoined.Room);
        var announced = await ada.Connection.NextAsync<ParticipantJoinedMessage>();
        Assert.Equal(new ParticipantInfo(bobJoined.ParticipantId, "Bob", false, false), announced.Participant);
        Assert.Null(announced.RequestId);
        await bob.AssertQuietAsync();
        Assert.Equal(new FocusSnapshot(1, 2, 1), harness.Focus.GetSnapshot());
    }

    [Fact]
    public async Task Join_OtherRoom_IsNotAnnounced()
    {
        var harness = new FocusHarness();
        var (ada, _) = await harness.JoinAsync("room1", "Ada");

        var (_, bobJoined) = await harness.JoinAsync("room2", "Bob");

        Assert.Empty(bobJoined.Participants);
        await ada.AssertQuietAsync();
    }

    public static TheoryData<SignalingMessage> RequestsThatNeedJoin => new()
    {
        new PublishOfferMessage("v=0") { RequestId = 5 },
        new SubscribeAnswerMessage("v=0", 1) { RequestId = 5 },
        new SetMutedMessage(true, false) { RequestId = 5 },
        new LeaveMessage { RequestId = 5 },
    };

    [Theory]
    [MemberData(nameof(RequestsThatNeedJoin))]
    public async Task Request_BeforeJoin_NotJoinedAndSessionUsable(SignalingMessage request)
    {
        var harness = new FocusHarness();
        var client = harness.NewClient();

        await client.SendAsync(request);

        await client.Connection.NextErrorAsync(SignalingErrorCodes.NotJoined, 5);
        Assert.Empty(harness.Bridge.Requests);
        await client.SendAsync(new JoinMessage("room", "Ada") { RequestId = 6 });
        Assert.Equal(6, (await client.Connection.NextAsync<JoinedMessage>()).RequestId);
    }

    [Fact]
    public async Task Ping_BeforeAndAfterJoin_Pong()
    {
        var harness = new FocusHarness();
        var client = harness.NewClient();

        await client.SendAsync(new PingMessage { RequestId = 1 });
        Assert.Equal(1, (await client.Connection.NextAsync<PongMessage>()).RequestId);
        await client.SendAsync(new JoinMessage("room", "Ada"));
        await client.Connection.NextAsync<JoinedMessage>();
        await client.SendAsync(new PingMessage { RequestId = 2 });
        Assert.Equal(2, (await client.Connection.NextAsync<PongMessage>()).RequestId);
    }

    [Fact]
    public async Task Join_Twice_AlreadyJoinedAndStillJoined()
    {
        var harness = new FocusHarness();
        var (client, _) = await harness.JoinAsync("room", "Ada");

        await client.SendAsync(new JoinMessage("other", "Ada") { RequestId = 9 });

        await client.Connection.NextErrorAsync(SignalingErrorCodes.AlreadyJoined, 9);
        Assert.Single(harness.Bridge.RequestsOf<AllocateEndpointRequest>());
        await client.SendAsync(new PublishOfferMessage("v=0") { RequestId = 10 });
        Assert.Equal(10, (await client.Connection.NextAsync<PublishAnswerMessage>()).RequestId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("café")]
    [InlineData("room?x=1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65
    public async Task Join_InvalidRoom_InvalidRoomAndSessionUsable(string room)
    {
        var harness = new FocusHarness();
        var client = harness.NewClient();

        await client.SendAsync(new JoinMessage(room, "Ada") { RequestId = 3 });

        await client.Connection.NextErrorAsync(SignalingErrorCodes.InvalidRoom, 3);
        Assert.Empty(harness.Bridge.Requests);
        await client.SendAsync(new JoinMessage("good_room.1-2", "Ada") { RequestId = 4 });
        Assert.Equal(4, (await client.Connection.NextAsync<JoinedMessage>()).RequestId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Ada\u0007")]
    [InlineData("Ada\nLovelace")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65
    public async Task Join_InvalidName_InvalidNameAndSessionUsable(string name)
    {
        var harness = new FocusHarness();
        var client = harness.NewClient();

        await client.SendAsync(new JoinMessage("room", name) { RequestId = 3 });

        await client.Connection.NextErrorAsync(SignalingErrorCodes.InvalidName, 3);
        Assert.Empty(harness.Bridge.Requests);
        await client.SendAsync(new PingMessage { RequestId = 4 });
        await client.Connection.NextAsync<PongMessage>();
    }

    [Fact]
    public async Task Join_NameOf64EmojiAfterTrimming_Accepted()
    {
        var harness = new FocusHarness();
        var name = string.Concat(Enumerable.Repeat("😀", 64));

        var (_, joined) = await harness.JoinAsync("room", $" {name} ");

        Assert.Equal(name, Assert.Single(harness.Bridge.RequestsOf<AllocateEndpointRequest>()).DisplayName);
        Assert.NotNull(joined);
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("[1,2]", null)]
    [InlineData("\"join\"", null)]
    [InlineData("{\"requestId\":7}", 7)]
    [InlineData("{\"type\":5,\"requestId\":7}", 7)]
    [InlineData("{\"type\":\"join\",\"requestId\":7}", 7)]
    [InlineData("{\"type\":\"join\",\"room\":\"r\",\"requestId\":7}", 7)]
    [InlineData("{\"type\":\"join\",\"room\":5,\"displayName\":\"Ada\",\"requestId\":7}", 7)]
    [InlineData("{\"type\":\"setMuted\",\"audioMuted\":\"yes\",\"videoMuted\":false,\"requestId\":7}", 7)]
    public async Task Frame_Malformed_MalformedAndSessionUsable(string json, int? requestId)
    {
        var harness = new FocusHarness();
        var client = harness.NewClient();

        await client.SendRawAsync(json);

        await client.Connection.NextErrorAsync(SignalingErrorCodes.Malformed, requestId);
        await client.SendRawAsync("{\"type\":\"join\",\"room\":\"r\",\"displayName\":\"Ada\",\"requestId\":8}");
        Assert.Equal(8, (await client.Connection.NextAsync<JoinedMessage>()).RequestId);
    }

    [Theory]
    [InlineData("{\"type\":\"dance\",\"requestId\":11}")]
    [InlineData("{\"type\":\"pong\",\"requestId\":11}")]
    [InlineData("{\"type\":\"participantLeft\",\"participantId\":\"x\",\"requestId\":11}")]
    public async Task Frame_NotAClientMessage_UnknownTypeAndSessionUsable(string json)
    {
        var harness = new FocusHarness();
        var client = harness.NewClient();

        await client.SendRawAsync(json);

        await client.Connection.NextErrorAsync(SignalingErrorCodes.UnknownType, 11);
        await client.SendRawAsync("{\"type\":\"ping\",\"requestId\":12}");
        Assert.Equal(12, (await client.Connection.NextAsync<PongMessage>()).RequestId);
    }

    [Fact]
    public async Task PublishOffer_BridgeAnswers_PublishAnswerWithRequestId()
    {
        var harness = new FocusHarness();
        var (client, joined) = await harness.JoinAsync("Room", "Ada");

        await client.SendAsync(new PublishOfferMessage("offer-sdp") { RequestId = 20 });

        var answer = await client.Connection.NextAsync<PublishAnswerMessage>();
        Assert.Equal(20, answer.RequestId);
        Assert.Equal($"answer-for-{joined.ParticipantId}", answer.Sdp);
        Assert.Equal(new PublishOfferRequest("room", joined.ParticipantId, "offer-sdp") { Generation = 1 }, Assert.Single(harness.Bridge.RequestsOf<PublishOfferRequest>()));
    }

    [Theory]
    [InlineData(BridgeErrorCodes.BadSdp, SignalingErrorCodes.BadSdp)]
    [InlineData(BridgeErrorCodes.OutOfOrder, SignalingErrorCodes.OutOfOrder)]
    [InlineData(BridgeErrorCodes.ShuttingDown, SignalingErrorCodes.BridgeUnavailable)]
    [InlineData(BridgeErrorCodes.UnknownEndpoint, SignalingErrorCodes.BridgeUnavailable)]
    [InlineData(BridgeErrorCodes.Internal, SignalingErrorCodes.Internal)]
    [InlineData(BridgeErrorCodes.AlreadyExists, SignalingErrorCodes.Internal)]
    public async Task PublishOffer_BridgeRefuses_MappedErrorAndSessionUsable(string bridgeCode, string signalingCode)
    {
        var harness = new FocusHarness();
        var (client, _) = await harness.JoinAsync("room", "Ada");
        harness.Bridge.Reply<PublishOfferRequest>(_ => new BridgeErrorReply(bridgeCode, "m=video has no a=ssrc"));

        await client.SendAsync(new PublishOfferMessage("bad") { RequestId = 21 });

        var error = await client.Connection.NextErrorAsync(signalingCode, 21);
        Assert.Equal("m=video has no a=ssrc", error.Message);
        harness.Bridge.Responder = (r, _) => Task.FromResult(FakeBridge.DefaultReply(r));
        await client.SendAsync(new PublishOfferMessage("good") { RequestId = 22 });
        Assert.Equal(22, (await client.Connection.NextAsync<PublishAnswerMessage>()).RequestId);
    }

    [Fact]
    public async Task PublishOffer_BridgeThrows_InternalAndSessionUsable()
    {
        var harness = new FocusHarness();
        var (client, _) = await harness.JoinAsync("room", "Ada");
        harness.Bridge.Responder = (_, _) => throw new InvalidOperationException("boom");

        await client.SendAsync(new PublishOfferMessage("sdp") { RequestId = 23 });

        var error = await client.Connection.NextErrorAsync(SignalingErrorCodes.Internal, 23);
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        await client.SendAsync(new PingMessage { RequestId = 24 });
        await client.Connection.NextAsync<PongMessage>();
    }

    [Fact]
    public async Task HandleFrame_RandomBytesAndMutations_AlwaysOneReplyNeverThrows()
    {
        var random = new Random(7919);
        var seeds = new[]
        {
            "{\"type\":\"join\",\"room\":\"room\",\"displayName\":\"Zoë\",\"requestId\":1}"u8.ToArray(),
            "{\"type\":\"setMuted\",\"audioMuted\":true,\"videoMuted\":false,\"requestId\":2}"u8.ToArray(),
            "{\"type\":\"ping\",\"requestId\":3}"u8.ToArray(),
        };
        var harness = new FocusHarness();
        for (var i = 0; i < 2000; i++)
        {
            var input = (byte[])seeds[random.Next(seeds.Length)].Clone();
            switch (random.Next(3))
            {
                case 0:
                    input = input[..random.Next(input.Length)];
                    break;
                case 1:
                    input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                default:
                    random.NextBytes(input.AsSpan(random.Next(input.Length)));
                    break;
            }

            var client = harness.NewClient();
            await client.Session.HandleFrameAsync(input, CancellationToken.None);

            var reply = await client.Connection.NextAsync<SignalingMessage>();
            Assert.True(reply is ErrorMessage or JoinedMessage or PongMessage, SignalingCodec.EncodeToString(reply));
            await client.Session.CloseAsync("done");
        }

        Assert.Equal(new FocusSnapshot(0, 0, 1), harness.Focus.GetSnapshot());
    }
}
