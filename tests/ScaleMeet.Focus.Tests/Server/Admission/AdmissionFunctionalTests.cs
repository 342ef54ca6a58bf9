using System.Net;
using System.Net.WebSockets;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus.Tests.Server.Admission;

/// <summary>
/// The caps, the message rate limit and the Origin check on the real server (Kestrel, real WebSockets). Clients bind
/// different loopback source addresses (127.0.0.0/8) to be different client addresses.
/// </summary>
public sealed class AdmissionFunctionalTests
{
    private static readonly IPAddress First = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Third = IPAddress.Parse("127.0.0.4");

    [Fact]
    public async Task Connect_OverPerAddressCap_ExactlyTheCapAdmittedRestClosed1013AndOtherAddressGetsIn()
    {
        await using var server = await TestServer.StartAsync(new() { ["ScaleMeet:Http:Admission:MaxConnectionsPerAddress"] = "3" });

        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SignalingClient.TryConnectAsync(server.HttpPort, First)));
        var outcomes = await Task.WhenAll(clients.Select(PingOrCloseAsync));
        await using var other = await SignalingClient.TryConnectAsync(server.HttpPort, Second);

        Assert.All(clients, c => Assert.True(c.Connected, "the upgrade itself succeeds; the refusal is the close frame"));
        Assert.Equal(3, outcomes.Count(o => o == "pong"));
        Assert.Equal(5, outcomes.Count(o => o == "1013: your address holds its maximum of 3 connections; close one or try again later"));
        Assert.Equal("pong", await PingOrCloseAsync(other));
        Assert.Equal(5, await TestServer.MetricAsync(server, "scalemeet_server_signaling_refused_total{reason=\"address_connection_limit\"}"));
        Assert.Equal(0, await TestServer.MetricAsync(server, "scalemeet_server_signaling_refused_total{reason=\"connection_limit\"}"));
        Assert.Equal(4, await TestServer.MetricAsync(server, "scalemeet_server_signaling_connections"));
        Assert.Equal(3, await TestServer.MetricAsync(server, "scalemeet_server_connection_limit{scope=\"address\"}"));
        await DisposeAllAsync(clients);
    }

    [Fact]
    public async Task Connect_OverGlobalCap_ClosedWithServerReasonUntilOneLeaves()
    {
        await using var server = await TestServer.StartAsync(new()
        {
            ["ScaleMeet:Http:Admission:MaxConnections"] = "2",
            ["ScaleMeet:Http:Admission:MaxConnectionsPerAddress"] = "2",
        });
        var first = await SignalingClient.TryConnectAsync(server.HttpPort, First);
        await using var second = await SignalingClient.TryConnectAsync(server.HttpPort, Second);
        Assert.Equal("pong", await PingOrCloseAsync(first));
        Assert.Equal("pong", await PingOrCloseAsync(second));

        await using (var refused = await SignalingClient.TryConnectAsync(server.HttpPort, Third))
        {
            Assert.Equal("1013: the server holds its maximum of 2 connections; try again later", await PingOrCloseAsync(refused));
        }

        await first.CloseAsync();
        await first.DisposeAsync();
        await TestServer.WaitUntilAsync(async () => await TestServer.MetricAsync(server, "scalemeet_server_signaling_connections") == 1, "the first connection's place freed");

        await using var third = await SignalingClient.TryConnectAsync(server.HttpPort, Third);
        Assert.Equal("pong", await PingOrCloseAsync(third));
        Assert.Equal(1, await TestServer.MetricAsync(server, "scalemeet_server_signaling_refused_total{reason=\"connection_limit\"}"));
    }

    [Fact]
    public async Task Join_OverPerAddressParticipantCap_ServerFullConnectionStaysAndPlaceReturnsOnLeave()
    {
        await using var server = await TestServer.StartAsync(new() { ["ScaleMeet:Http:Admission:MaxParticipantsPerAddress"] = "1" });
        var ada = await SignalingClient.TryConnectAsync(server.HttpPort, First);
        await using var bob = await SignalingClient.TryConnectAsync(server.HttpPort, First);
        await using var carol = await SignalingClient.TryConnectAsync(server.HttpPort, Second);
        await ada.SendAsync(new JoinMessage("room", "Ada") { RequestId = 1 });
        await ada.ReceiveAsync<JoinedMessage>();

        await bob.SendAsync(new JoinMessage("room", "Bob") { RequestId = 2 });
        var refused = await bob.ReceiveAsync<ErrorMessage>();
        await carol.SendAsync(new JoinMessage("room", "Carol") { RequestId = 3 });
        await carol.ReceiveAsync<JoinedMessage>();

        Assert.Equal((SignalingErrorCodes.ServerFull, 2), (refused.Code, refused.RequestId));
        Assert.Equal("your network address holds its maximum of 1 participants; try again later", refused.Message);
        Assert.Equal("pong", await PingOrCloseAsync(bob));
        Assert.Equal(1, await TestServer.MetricAsync(server, "scalemeet_focus_join_failures_total{reason=\"address_participant_limit\"}"));
        Assert.Equal(2, server.Focus.GetSnapshot().Participants);

        await ada.ReceiveAsync<ParticipantJoinedMessage>();
        await ada.SendAsync(new LeaveMessage());
        await ada.ReceiveCloseAsync();
        await ada.DisposeAsync();
        await TestServer.WaitUntilAsync(() => Task.FromResult(server.Focus.GetSnapshot().Participants == 1), "Ada leaving");

        await bob.SendAsync(new JoinMessage("room", "Bob") { RequestId = 4 });
        Assert.Equal(4, (await bob.ReceiveAsync<JoinedMessage>()).RequestId);
    }

    [Fact]
    public async Task DroppedConnection_TheWaitingParticipantKeepsItsAddressPlace_AndTakesItAlongWhenItResumes()
    {
        await using var server = await TestServer.StartAsync(new() { ["ScaleMeet:Http:Admission:MaxParticipantsPerAddress"] = "1" });
        var ada = await SignalingClient.TryConnectAsync(server.HttpPort, First);
        await ada.SendAsync(new JoinMessage("room", "Ada") { RequestId = 1 });
        var joined = await ada.ReceiveAsync<JoinedMessage>();

        ada.Socket.Abort(); // no close frame: a dropped connection, Ada waits for a resume
        await ada.DisposeAsync();
        await TestServer.WaitUntilAsync(() => Task.FromResult(server.Focus.SuspendedParticipants == 1), "Ada waiting for a resume");

        // While Ada waits, her address's one place is still hers: one address cannot pile up waiting participants.
        await using var bob = await SignalingClient.TryConnectAsync(server.HttpPort, First);
        await bob.SendAsync(new JoinMessage("room", "Bob") { RequestId = 2 });
        Assert.Equal(SignalingErrorCodes.ServerFull, (await bob.ReceiveAsync<ErrorMessage>()).Code);

        // Resuming from the same address (at its cap) takes the place along.
        await using var again = await SignalingClient.TryConnectAsync(server.HttpPort, First);
        await again.SendAsync(new ResumeMessage(joined.ParticipantId, joined.ResumeToken!, joined.Seq!.Value) { RequestId = 2 });
        Assert.Equal(joined.ParticipantId, (await again.ReceiveAsync<ResumedMessage>()).ParticipantId);
        Assert.Equal(1, server.Focus.GetSnapshot().Participants);
        await bob.SendAsync(new JoinMessage("room", "Bob") { RequestId = 3 });
        Assert.Equal(SignalingErrorCodes.ServerFull, (await bob.ReceiveAsync<ErrorMessage>()).Code);

        await again.SendAsync(new LeaveMessage());
        await again.ReceiveCloseAsync();
        await TestServer.WaitUntilAsync(() => Task.FromResult(server.Focus.GetSnapshot().Participants == 0), "Ada leaving");
        await bob.SendAsync(new JoinMessage("room", "Bob") { RequestId = 4 });
        Assert.Equal(4, (await bob.ReceiveAsync<JoinedMessage>()).RequestId);
    }

    [Fact]
    public async Task Join_OverGlobalParticipantCap_ServerFullCountedAsParticipantLimit()
    {
        await using var server = await TestServer.StartAsync(new()
        {
            ["ScaleMeet:Http:Admission:MaxParticipants"] = "1",
            ["ScaleMeet:Http:Admission:MaxParticipantsPerAddress"] = "1",
        });
        await using var ada = await SignalingClient.TryConnectAsync(server.HttpPort, First);
        await using var bob = await SignalingClient.TryConnectAsync(server.HttpPort, Second);
        await ada.SendAsync(new JoinMessage("room", "Ada") { RequestId = 1 });
        await ada.ReceiveAsync<JoinedMessage>();

        await bob.SendAsync(new JoinMessage("other", "Bob") { RequestId = 2 });
        var refused = await bob.ReceiveAsync<ErrorMessage>();

        Assert.Equal((SignalingErrorCodes.ServerFull, 2), (refused.Code, refused.RequestId));
        Assert.Equal("the server holds its maximum of 1 participants; try again later", refused.Message);
        Assert.Equal(1, await TestServer.MetricAsync(server, "scalemeet_focus_join_failures_total{reason=\"participant_limit\"}"));
        Assert.Equal(0, await TestServer.MetricAsync(server, "scalemeet_focus_join_failures_total{reason=\"address_participant_limit\"}"));
    }

    [Fact]
    public async Task Messages_Flood_BurstServedThenRateLimitedEchoingRequestIdThenClosed1008()
    {
        // 0.1 message a second: nothing refills while the test runs, so every count below is exact.
        await using var server = await TestServer.StartAsync(new()
        {
            ["ScaleMeet:Http:Admission:MessagesPerSecond"] = "0.1",
            ["ScaleMeet:Http:Admission:MessageBurst"] = "5",
            ["ScaleMeet:Http:Admission:RateLimitedMessagesBeforeDisconnect"] = "3",
        });
        await using var flooder = await SignalingClient.TryConnectAsync(server.HttpPort, First);
        await using var bystander = await SignalingClient.TryConnectAsync(server.HttpPort, First);

        for (var id = 1; id <= 8; id++)
        {
            await flooder.SendAsync(new PingMessage { RequestId = id });
        }

        for (var id = 1; id <= 5; id++)
        {
            Assert.Equal(id, (await flooder.ReceiveAsync<PongMessage>()).RequestId);
        }

        for (var id = 6; id <= 8; id++)
        {
            var error = await flooder.ReceiveAsync<ErrorMessage>();
            Assert.Equal((SignalingErrorCodes.RateLimited, id), (error.Code, error.RequestId));
            Assert.Equal("more than 0.1 messages a second (bursts of 5); this one was dropped", error.Message);
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await flooder.ReceiveCloseAsync());
        Assert.Equal("message rate limit exceeded (0.1/s)", flooder.CloseReason);
        Assert.Equal("pong", await PingOrCloseAsync(bystander));
        Assert.Equal(3, await TestServer.MetricAsync(server, "scalemeet_focus_signaling_errors_total{code=\"rate_limited\"}"));
        Assert.Equal(1, await TestServer.MetricAsync(server, "scalemeet_server_rate_limit_disconnects_total"));
    }

    [Fact]
    public async Task Messages_BinaryAndGarbageOverTheRate_AlsoRateLimited()
    {
        await using var server = await TestServer.StartAsync(new()
        {
            ["ScaleMeet:Http:Admission:MessagesPerSecond"] = "0.1",
            ["ScaleMeet:Http:Admission:MessageBurst"] = "1",
        });
        await using var client = await SignalingClient.TryConnectAsync(server.HttpPort, First);

        await client.SendBytesAsync([1, 2, 3], WebSocketMessageType.Binary);
        await client.SendBytesAsync([1, 2, 3], WebSocketMessageType.Binary);
        await client.SendTextAsync("{\"type\":\"fly\",\"requestId\":12,");

        Assert.Equal(SignalingErrorCodes.Malformed, (await client.ReceiveAsync<ErrorMessage>()).Code);
        Assert.Equal((SignalingErrorCodes.RateLimited, (int?)null), await CodeAndIdAsync(client));
        Assert.Equal((SignalingErrorCodes.RateLimited, (int?)12), await CodeAndIdAsync(client));
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Theory]
    [InlineData(null, "127.0.0.1")]
    [InlineData("http://127.0.0.1:{port}", "127.0.0.1")]
    [InlineData("http://localhost:{port}", "localhost")]
    [InlineData("https://app.example.org", "127.0.0.1")]
    public async Task Connect_AcceptedOrigin_Admitted(string? origin, string host)
    {
        await using var server = await TestServer.StartAsync(new() { ["ScaleMeet:Http:Admission:AllowedOrigins:0"] = "https://app.example.org" });

        await using var client = await SignalingClient.TryConnectAsync(server.HttpPort, First, origin?.Replace("{port}", $"{server.HttpPort}"), host);

        Assert.True(client.Connected, $"upgrade answered {(int)client.HttpStatus}");
        Assert.Equal("pong", await PingOrCloseAsync(client));
        Assert.Equal(0, await TestServer.MetricAsync(server, "scalemeet_server_signaling_refused_total{reason=\"origin\"}"));
    }

    [Theory]
    [InlineData("https://evil.example.net")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("https://127.0.0.1:{port}")]
    [InlineData("null")]
    public async Task Connect_ForeignOrigin_403BeforeUpgradeAndCounted(string origin)
    {
        await using var server = await TestServer.StartAsync(new() { ["ScaleMeet:Http:Admission:AllowedOrigins:0"] = "https://app.example.org" });

        await using var client = await SignalingClient.TryConnectAsync(server.HttpPort, First, origin.Replace("{port}", $"{server.HttpPort}"));

        Assert.False(client.Connected);
        Assert.Equal(HttpStatusCode.Forbidden, client.HttpStatus);
        Assert.Equal(1, await TestServer.MetricAsync(server, "scalemeet_server_signaling_refused_total{reason=\"origin\"}"));
        Assert.Equal(0, await TestServer.MetricAsync(server, "scalemeet_server_signaling_connections"));
    }

    /// <summary>"pong" when the connection answers a ping; "status: reason" when the server closes it instead.</summary>
    private static async Task<string> PingOrCloseAsync(SignalingClient client)
    {
        await client.SendAsync(new PingMessage { RequestId = 99 });
        try
        {
            var pong = await client.ReceiveAsync<PongMessage>();
            return pong.RequestId == 99 ? "pong" : $"pong {pong.RequestId}";
        }
        catch (Xunit.Sdk.XunitException) when (client.Socket.State is WebSocketState.CloseReceived or WebSocketState.Closed)
        {
            return $"{(int?)client.Socket.CloseStatus}: {client.Socket.CloseStatusDescription}";
        }
    }

    private static async Task<(string Code, int? RequestId)> CodeAndIdAsync(SignalingClient client)
    {
        var error = await client.ReceiveAsync<ErrorMessage>();
        return (error.Code, error.RequestId);
    }

    private static async Task DisposeAllAsync(IEnumerable<SignalingClient> clients)
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
