using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Focus.Tests.Fakes;
using ScaleMeet.Server;

namespace ScaleMeet.Focus.Tests.Server;

/// <summary>
/// The real server in process on 127.0.0.1 (Kestrel on a free port) with the control-plane double as its bridge, so
/// joins succeed without media; and what the edge tests read from it (/metrics samples).
/// </summary>
internal static class TestServer
{
    public static async Task<ServerHost> StartAsync(Dictionary<string, string?>? settings = null, params string[] args)
    {
        var error = new StringWriter();
        settings ??= [];
        settings["Logging:LogLevel:Default"] = "Warning";
        var bridge = new FakeBridge("local");
        Func<IBridgeEventSink, Microsoft.Extensions.Logging.ILoggerFactory, IBridgeControl> factory = (_, _) => bridge;
        var server = ServerHost.Create(["--bind", "127.0.0.1", "--http-port", "0", "--udp-port", $"{FreeUdpPort()}", .. args],
            TextWriter.Null, error, out _, factory, settings);
        Assert.True(server is not null, error.ToString());
        Assert.True(await server.StartAsync() == 0, error.ToString());
        return server;
    }

    public static HttpClient Http(ServerHost server) => new() { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };

    /// <summary>The value of one sample in <c>/metrics</c> (<paramref name="series"/> as written there, labels included).</summary>
    public static async Task<double> MetricAsync(ServerHost server, string series)
    {
        using var http = Http(server);
        var text = await http.GetStringAsync("/metrics");
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"/metrics has no sample '{series}'");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Polls until <paramref name="condition"/> holds (10 s at most).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 10 s");
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
