using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ScaleMeet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real all-in-one ScaleMeet process (the built <c>scalemeet.dll</c>) on free ports, media advertised on
/// 127.0.0.1. Disposing stops it.
/// </summary>
internal sealed class ScaleMeetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private ScaleMeetProcess(Process process, string host, int httpPort, int udpPort)
    {
        _process = process;
        HttpPort = httpPort;
        UdpPort = udpPort;
        BaseUrl = $"http://{host}:{httpPort}";
        _http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int HttpPort { get; }

    /// <summary>The server's process id (for /proc readings: RSS, threads).</summary>
    public int Pid => _process.Id;

    public int UdpPort { get; }

    public string BaseUrl { get; }

    /// <summary><c>https://localhost:port</c> when started with <see cref="StartHttpsAsync"/>; else null.</summary>
    public string? HttpsBaseUrl { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static Task<ScaleMeetProcess> StartAsync(params string[] extraArgs) => StartOnAsync("localhost", extraArgs);

    /// <summary>Starts the server on localhost with extra settings as environment variables (e.g. <c>ScaleMeet__Bridge__Stress__SampleInterval</c>).</summary>
    public static Task<ScaleMeetProcess> StartWithSettingsAsync(IReadOnlyDictionary<string, string> environment) =>
        StartOnAsync("localhost", environment, []);

    /// <summary>
    /// Starts the server on localhost with HTTPS too (<c>--self-signed</c> on a free port; clients must accept the
    /// certificate) and extra settings as environment variables.
    /// </summary>
    public static async Task<ScaleMeetProcess> StartHttpsAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var httpsPort = FreePorts.Tcp();
        var server = await StartOnAsync("localhost", environment ?? new Dictionary<string, string>(), ["--self-signed", "--https-port", httpsPort.ToString()]);
        server.HttpsBaseUrl = $"https://localhost:{httpsPort}";
        return server;
    }

    /// <summary>Starts the server with HTTP bound to <paramref name="host"/> (an address of one of our test hosts, or localhost).</summary>
    public static Task<ScaleMeetProcess> StartOnAsync(string host, params string[] extraArgs) =>
        StartOnAsync(host, new Dictionary<string, string>(), extraArgs);

    /// <summary>
    /// Starts one role of a fleet (<c>focus</c> or <c>bridge</c>, the first argument) on localhost with free ports and
    /// the role's flags (<c>--control-secret</c>, <c>--focus</c>, …) in <paramref name="extraArgs"/>.
    /// </summary>
    public static Task<ScaleMeetProcess> StartRoleAsync(string role, IReadOnlyDictionary<string, string>? environment, params string[] extraArgs) =>
        StartOnAsync("localhost", environment ?? new Dictionary<string, string>(), extraArgs, role);

    /// <summary>Sends a signal by name (<c>STOP</c>, <c>CONT</c>, <c>TERM</c>) to the process.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-s {name} {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {name} {_process.Id} failed with {kill.ExitCode}");
        }
    }

    /// <summary>SIGKILL: the process dies at once, its sockets closed by the kernel.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>GET <paramref name="path"/> as JSON (loopback: the operator pages answer).</summary>
    public Task<JsonElement> GetJsonAsync(string path) => _http.GetFromJsonAsync<JsonElement>(path);

    private static async Task<ScaleMeetProcess> StartOnAsync(string host, IReadOnlyDictionary<string, string> environment, string[] extraArgs, string? role = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "scalemeet.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("scalemeet.dll is not next to the tests; build the solution first", dll);
        }

        var httpPort = FreePorts.Tcp();
        var udpPort = FreePorts.Udp();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);
        if (role is not null)
        {
            start.ArgumentList.Add(role);
        }

        // A bridge's relay port is a free one too (its default, 4096, would be shared by every bridge of a test).
        var relayPort = role == "bridge" && !extraArgs.Contains("--relay-port") ? new[] { "--relay-port", "0" } : [];
        foreach (var a in new[] { "--http-port", httpPort.ToString(), "--udp-port", udpPort.ToString(), "--bind", host, "--advertise-ip", "127.0.0.1" }.Concat(relayPort).Concat(extraArgs))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["Logging__LogLevel__Default"] = "Information";

        // SCALEMEET_TEST_LOG_LEVEL=Debug shows the bridge's debug log (bandwidth estimates, DTLS) in test output.
        start.Environment["Logging__LogLevel__ScaleMeet"] = Environment.GetEnvironmentVariable("SCALEMEET_TEST_LOG_LEVEL") ?? "Information";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start scalemeet");
        var server = new ScaleMeetProcess(process, host, httpPort, udpPort);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>The server's <c>/stats</c> document (served to loopback clients).</summary>
    public async Task<JsonElement> StatsAsync()
    {
        var doc = await _http.GetFromJsonAsync<JsonElement>("/stats");
        return doc;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"scalemeet exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await _http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"scalemeet did not become healthy in {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
