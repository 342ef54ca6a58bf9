using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Tests.Fakes;
using ScaleMeet.Server;

namespace ScaleMeet.Focus.Tests.Server;

/// <summary>
/// The real server in process: Kestrel on a free port, real WebSockets. With the embedded media bridge where
/// the test does not need media answers; with the control-plane double where it needs joins to succeed (the
/// bridge's own behaviour is tested in its project and end to end).
/// </summary>
public sealed class ServerFunctionalTests : IDisposable
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("scalemeet-web-").FullName;

    public ServerFunctionalTests()
    {
        File.WriteAllText(Path.Combine(_webRoot, "index.html"), "<!doctype html><title>test client</title>");
        File.WriteAllText(Path.Combine(_webRoot, "app.js"), "console.log('app');");
    }

    public void Dispose() => Directory.Delete(_webRoot, recursive: true);

    [Fact]
    public async Task RealBridge_Started_ServesHealthPagesAndAssets()
    {
        await using var server = await StartAsync(fakeBridge: null);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };

        var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("{\"status\":\"ok\"}", await health.Content.ReadAsStringAsync());
        var page = await http.GetAsync("/Team.Standup-1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("test client", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("console.log('app');", await http.GetStringAsync("/app.js"));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/a/b")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/bad%20room")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/{new string('a', 65)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(SignalingProtocol.Path)).StatusCode);
    }

    [Fact]
    public async Task RealBridge_GarbageAndBinary_ErrorsWithoutDisconnect()
    {
        await using var server = await StartAsync(fakeBridge: null);
        await using var client = await SignalingClient.ConnectAsync(server.HttpPort);

        await client.SendTextAsync("this is not json");
        Assert.Equal(SignalingErrorCodes.Malformed, (await client.ReceiveAsync<ErrorMessage>()).Code);
        await client.SendBytesAsync([1, 2, 3], WebSocketMessageType.Binary);
        Assert.Equal(SignalingErrorCodes.Malformed, (await client.ReceiveAsync<ErrorMessage>()).Code);
        await client.SendTextAsync("{\"type\":\"fly\",\"requestId\":4}");
        var unknown = await client.ReceiveAsync<ErrorMessage>();
        Assert.Equal((SignalingErrorCodes.UnknownType, 4), (unknown.Code, unknown.RequestId));
        await client.SendAsync(new PublishOfferMessage("v=0") { RequestId = 5 });
        var notJoined = await client.ReceiveAsync<ErrorMessage>();
        Assert.Equal((SignalingErrorCodes.NotJoined, 5), (notJoined.Code, notJoined.RequestId));

        await client.SendAsync(new PingMessage { RequestId = 6 });
        Assert.Equal(6, (await client.ReceiveAsync<PongMessage>()).RequestId);
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Fact]
    public async Task TwoClients_Join_SeeEachOtherAndLeaving()
    {
        var bridge = new FakeBridge("local");
        await using var server = await StartAsync(bridge);
        await using var ada = await SignalingClient.ConnectAsync(server.HttpPort);
        await using var bob = await SignalingClient.ConnectAsync(server.HttpPort);

        await ada.SendAsync(new JoinMessage("standup", "Ada") { RequestId = 1 });
        var adaJoined = await ada.ReceiveAsync<JoinedMessage>();
        await bob.SendAsync(new JoinMessage("standup", "Bob") { RequestId = 1 });
        var bobJoined = await bob.ReceiveAsync<JoinedMessage>();

        Assert.Equal(1, adaJoined.RequestId);
        Assert.Empty(adaJoined.Participants);
        Assert.Equal(adaJoined.ParticipantId, Assert.Single(bobJoined.Participants).ParticipantId);
        var announced = await ada.ReceiveAsync<ParticipantJoinedMessage>();
        Assert.Equal(new ParticipantInfo(bobJoined.ParticipantId, "Bob", false, false), announced.Participant);

        await bob.CloseAsync();

        Assert.Equal(bobJoined.ParticipantId, (await ada.ReceiveAsync<ParticipantLeftMessage>()).ParticipantId);
        Assert.Contains(new ExpireEndpointRequest("standup", bobJoined.ParticipantId) { Generation = 1 }, bridge.RequestsOf<ExpireEndpointRequest>());
        Assert.Equal(new FocusSnapshot(1, 1, 1), server.Focus.GetSnapshot());
    }

    [Fact]
    public async Task Leave_ServerClosesTheSocketNormally()
    {
        await using var server = await StartAsync(new FakeBridge("local"));
        await using var client = await SignalingClient.ConnectAsync(server.HttpPort);
        await client.SendAsync(new JoinMessage("room", "Ada"));
        await client.ReceiveAsync<JoinedMessage>();

        await client.SendAsync(new LeaveMessage());

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
        await client.CloseAsync();
        await WaitUntilAsync(() => server.Focus.GetSnapshot().Participants == 0);
    }

    [Fact]
    public async Task OversizedMessage_ErrorThenClose1009()
    {
        await using var server = await StartAsync(fakeBridge: null);
        await using var client = await SignalingClient.ConnectAsync(server.HttpPort);
        var sdp = new string('a', SignalingCodec.MaxMessageBytes);

        await client.SendAsync(new PublishOfferMessage(sdp) { RequestId = 1 });

        Assert.Equal(SignalingErrorCodes.Malformed, (await client.ReceiveAsync<ErrorMessage>()).Code);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Shutdown_ConnectedClient_ClosedWith1001AndParticipantFreed()
    {
        var bridge = new FakeBridge("local");
        var server = await StartAsync(bridge);
        await using var client = await SignalingClient.ConnectAsync(server.HttpPort);
        await client.SendAsync(new JoinMessage("room", "Ada"));
        var joined = await client.ReceiveAsync<JoinedMessage>();

        var stopping = server.DisposeAsync().AsTask();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await client.ReceiveCloseAsync());
        await client.CloseAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(joined.ParticipantId, Assert.Single(bridge.RequestsOf<ExpireEndpointRequest>()).EndpointId);
    }

    [Fact]
    public async Task HttpPortInUse_StartFailsWithExitCode1AndOneLine()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var error = new StringWriter();
        await using var server = ServerHost.Create(["--bind", "127.0.0.1", "--http-port", $"{port}", "--udp-port", $"{FreeUdpPort()}"], TextWriter.Null, error, out _)!;

        var exitCode = await server.StartAsync();

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{port}", line, StringComparison.Ordinal);
        Assert.Contains("in use", line, StringComparison.Ordinal);
    }

    private async Task<ServerHost> StartAsync(FakeBridge? fakeBridge)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Func<IBridgeEventSink, Microsoft.Extensions.Logging.ILoggerFactory, IBridgeControl>? factory = fakeBridge is null ? null : (_, _) => fakeBridge;
        var settings = new Dictionary<string, string?>
        {
            ["ScaleMeet:Http:WebRoot"] = _webRoot,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var server = ServerHost.Create(["--http-port", "0", "--udp-port", $"{FreeUdpPort()}"], output, error, out var exitCode, factory, settings);
        Assert.True(server is not null, error.ToString());
        Assert.Equal(0, await server.StartAsync());
        Assert.Contains($"ScaleMeet is running: open http://localhost:{server.HttpPort}/<room>", output.ToString(), StringComparison.Ordinal);
        return server;
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
