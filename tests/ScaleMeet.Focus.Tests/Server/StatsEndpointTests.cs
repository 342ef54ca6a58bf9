using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ScaleMeet.Server;

namespace ScaleMeet.Focus.Tests.Server;

/// <summary>
/// <c>/stats</c> and <c>/ready</c> on the real server with its embedded bridge (Kestrel on a free port), and the
/// bridge's stress settings going through the server's configuration check.
/// </summary>
public sealed class StatsEndpointTests
{
    /// <summary>The top-level keys docs/protocol.md lists (Jitsi's <c>/colibri/stats</c> names).</summary>
    private static readonly string[] NumberKeys =
    [
        "conferences", "participants", "largest_conference", "stress_level", "average_participant_stress", "bit_rate_download",
        "bit_rate_upload", "packet_rate_download", "packet_rate_upload", "rtt_aggregate", "incoming_loss", "outgoing_loss",
        "endpoints_sending_audio", "endpoints_sending_video", "total_conferences_created", "total_conferences_completed",
    ];

    private static readonly string[] BooleanKeys = ["graceful_shutdown", "shutting_down", "drain", "healthy"];

    private static readonly string[] BridgeKeys =
    [
        "conferences", "endpoints", "transports", "remoteAddresses", "rtpReceived", "rtpSent", "rtxSent", "dropped", "keyframeRequestsSent",
        "transportFeedbackReceived", "paddingSent", "bytesReceived", "bytesSent", "packetsReceived", "packetsSent", "iceFailures", "dtlsFailures",
        "loopWorstIterationMs",
    ];

    [Fact]
    public async Task Stats_RealBridge_EveryDocumentedKey()
    {
        await using var server = await StartAsync();
        using var http = Client(server);

        // healthy comes from the loop's ticks: wait for a sample of the running bridge.
        var stats = await PollAsync(http, "/stats", s => s.GetProperty("healthy").GetBoolean());

        foreach (var key in NumberKeys)
        {
            Assert.True(stats.TryGetProperty(key, out var value), $"/stats has no '{key}'");
            Assert.Equal(JsonValueKind.Number, value.ValueKind);
        }

        foreach (var key in BooleanKeys)
        {
            Assert.True(stats.TryGetProperty(key, out var value), $"/stats has no '{key}'");
            Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"'{key}' is {value.ValueKind}");
        }

        Assert.False(string.IsNullOrEmpty(stats.GetProperty("version").GetString()));
        Assert.Equal(0.01, stats.GetProperty("average_participant_stress").GetDouble());
        Assert.False(stats.GetProperty("drain").GetBoolean());
        var focus = stats.GetProperty("focus");
        Assert.Equal(1, focus.GetProperty("bridges").GetInt32());
        Assert.Equal(0, focus.GetProperty("rooms").GetInt32());
        var bridge = stats.GetProperty("bridge");
        foreach (var key in BridgeKeys)
        {
            Assert.True(bridge.TryGetProperty(key, out _), $"/stats bridge has no '{key}'");
        }

        Assert.Equal(JsonValueKind.Array, stats.GetProperty("relays").ValueKind); // the all-in-one relays to nobody
        Assert.Equal(0, stats.GetProperty("relays").GetArrayLength());
    }

    [Fact]
    public async Task Ready_RunningThenDrainingThenShuttingDown_200Then503()
    {
        await using var server = await StartAsync();
        using var http = Client(server);
        var bridge = server.MediaBridge!;

        var ready = await PollReadyAsync(http, HttpStatusCode.OK);
        Assert.Equal("{\"status\":\"ready\"}", ready);
        Assert.Equal("application/json", (await http.GetAsync("/ready")).Content.Headers.ContentType?.MediaType);

        bridge.Draining = true;
        var draining = await http.GetAsync("/ready");
        var stats = await GetJsonAsync(http, "/stats");
        bridge.Draining = false;
        bridge.ShuttingDown = true;
        var shuttingDown = await http.GetAsync("/ready");
        bridge.ShuttingDown = false;
        var again = await http.GetAsync("/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, draining.StatusCode);
        Assert.Equal("{\"status\":\"draining\"}", await draining.Content.ReadAsStringAsync());
        Assert.True(stats.GetProperty("drain").GetBoolean());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, shuttingDown.StatusCode);
        Assert.Equal("{\"status\":\"shutting-down\"}", await shuttingDown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Create_EveryStressSetting_Accepted()
    {
        var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ScaleMeet:Bridge:Stress:SampleInterval"] = "00:00:10",
            ["ScaleMeet:Bridge:Stress:Measurement"] = "packet-rate",
            ["ScaleMeet:Bridge:Stress:CpuThreshold"] = "0.8",
            ["ScaleMeet:Bridge:Stress:PacketRateThreshold"] = "100000",
            ["ScaleMeet:Bridge:Stress:AverageParticipantStress"] = "0.02",
        };

        var host = ServerHost.Create([], TextWriter.Null, error, out var exitCode, settings: settings);

        Assert.True(host is not null, error.ToString());
        await host.DisposeAsync();
        Assert.Equal(0, exitCode);
    }

    private static async Task<ServerHost> StartAsync()
    {
        var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["ScaleMeet:Bridge:Stress:SampleInterval"] = "00:00:00.2",
        };
        var server = ServerHost.Create(["--http-port", "0", "--udp-port", $"{FreeUdpPort()}"], TextWriter.Null, error, out _, settings: settings);
        Assert.True(server is not null, error.ToString());
        Assert.Equal(0, await server.StartAsync());
        return server;
    }

    private static HttpClient Client(ServerHost server) => new() { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(path));
        return doc.RootElement.Clone();
    }

    private static async Task<JsonElement> PollAsync(HttpClient http, string path, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var doc = await GetJsonAsync(http, path);
            if (condition(doc))
            {
                return doc;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} did not reach the expected state within 10 s: {doc}");
            await Task.Delay(20);
        }
    }

    private static async Task<string> PollReadyAsync(HttpClient http, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var response = await http.GetAsync("/ready");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == expected)
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/ready stayed {(int)response.StatusCode} {body}");
            await Task.Delay(20);
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
