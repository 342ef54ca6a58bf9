using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Tests.Fakes;
using ScaleMeet.Focus.Tests.Server;
using ScaleMeet.Server;

namespace ScaleMeet.Focus.Tests.Metrics;

/// <summary>GET /metrics on the real server (Kestrel on a free port, the control-plane double as its bridge).</summary>
public sealed class MetricsEndpointTests
{
    /// <summary>Metric name prefixes of the meters this server defines itself (Focus and Process).</summary>
    private static readonly string[] OwnPrefixes = ["scalemeet_focus_", "process_", "dotnet_"];

    [Fact]
    public async Task Metrics_LoopbackClient_200TextWithFocusAndProcessMetrics()
    {
        await using var server = await StartAsync();
        await using var client = await SignalingClient.ConnectAsync(server.HttpPort);
        await client.SendAsync(new JoinMessage("standup", "Ada"));
        await client.ReceiveAsync<JoinedMessage>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };

        using var response = await http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contentType = response.Content.Headers.ContentType!;
        Assert.Equal("text/plain", contentType.MediaType);
        Assert.Equal("utf-8", contentType.CharSet);
        Assert.Contains(contentType.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        Assert.Contains("# TYPE scalemeet_focus_rooms gauge\nscalemeet_focus_rooms 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_participants 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_joins_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ", text, StringComparison.Ordinal);
        Assert.Contains("\nprocess_resident_memory_bytes ", text, StringComparison.Ordinal);
        Assert.Contains("\ndotnet_gc_collections_total{generation=\"2\"} ", text, StringComparison.Ordinal);
        var start = double.Parse(Value(text, "process_start_time_seconds"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - start, 0, 24 * 3600);
        Assert.True(double.Parse(Value(text, "process_resident_memory_bytes"), System.Globalization.CultureInfo.InvariantCulture) > 1e6);
    }

    [PromtoolFact]
    public async Task Metrics_Scraped_PromtoolParsesAndFindsNothingInOurNames()
    {
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
        var text = await http.GetStringAsync("/metrics");

        var (exitCode, problems) = await Promtool.CheckMetricsAsync(text);

        // 0: parsed and no lint problem anywhere (the bridge's, the Jitsi names', the process', the focus').
        Assert.True(exitCode == 0, $"promtool exit code {exitCode}: {string.Join('\n', problems)}");
        Assert.Empty(problems);
    }

    [NonLoopbackAddressFact]
    public async Task Metrics_NonLoopbackClientNotAllowed_404()
    {
        var address = NonLoopbackAddressFactAttribute.Address!;
        await using var server = await StartAsync(bind: address.ToString());
        using var http = new HttpClient { BaseAddress = new Uri($"http://{address}:{server.HttpPort}") };

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [NonLoopbackAddressFact]
    public async Task Metrics_NonLoopbackClientInAllowedNetwork_200()
    {
        var address = NonLoopbackAddressFactAttribute.Address!;
        var settings = new Dictionary<string, string?>
        {
            ["ScaleMeet:Http:MetricsAllowedNetworks:0"] = "2001:db8::/32",
            ["ScaleMeet:Http:MetricsAllowedNetworks:1"] = $"{address}/32",
        };
        await using var server = await StartAsync(bind: address.ToString(), settings);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{address}:{server.HttpPort}") };

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("scalemeet_focus_rooms", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Value(string exposition, string metric) =>
        exposition.Split('\n').Single(l => l.StartsWith(metric + " ", StringComparison.Ordinal))[(metric.Length + 1)..];

    private static async Task<ServerHost> StartAsync(string bind = "127.0.0.1", Dictionary<string, string?>? settings = null)
    {
        var error = new StringWriter();
        settings ??= [];
        settings["Logging:LogLevel:Default"] = "Warning";
        var bridge = new FakeBridge("local");
        var server = ServerHost.Create(["--bind", bind, "--http-port", "0"], TextWriter.Null, error, out _, (_, _) => bridge, settings);
        Assert.True(server is not null, error.ToString());
        Assert.True(await server.StartAsync() == 0, error.ToString());
        return server;
    }
}

/// <summary>A fact that needs an IPv4 address of this machine that is not loopback (a client from it is not local).</summary>
public sealed class NonLoopbackAddressFactAttribute : FactAttribute
{
    public NonLoopbackAddressFactAttribute()
    {
        if (Address is null)
        {
            Skip = "this machine has no up, non-loopback IPv4 address";
        }
    }

    public static IPAddress? Address { get; } = Find();

    private static IPAddress? Find() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !a.ToString().StartsWith("169.254.", StringComparison.Ordinal));
}
