using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ScaleMeet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's <c>/usr/bin/prometheus</c>) scraping one target every second, on a free loopback port,
/// with its configuration and database in a temporary directory that is deleted afterwards.
/// </summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly HttpClient _http;
    private readonly StringBuilder _output = new();

    private PrometheusProcess(Process process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

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

    /// <summary>Starts Prometheus scraping <c>http://{target}/metrics</c> every second; returns once it is ready.</summary>
    public static async Task<PrometheusProcess> StartAsync(string target)
    {
        var directory = Directory.CreateTempSubdirectory("prometheus-");
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: scalemeet
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target}"]
            """);
        var port = FreePorts.Tcp();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        var prometheus = new PrometheusProcess(process, directory, port);
        process.OutputDataReceived += (_, e) => prometheus.Append(e.Data);
        process.ErrorDataReceived += (_, e) => prometheus.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.WaitForAsync(prometheus.IsReadyAsync, ready => ready, TimeSpan.FromSeconds(60), "Prometheus ready");
        return prometheus;
    }

    /// <summary>The value of an instant query that yields one series; null when it yields none.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        using var doc = await _http.GetFromJsonAsync<JsonDocument>($"/api/v1/query?query={Uri.EscapeDataString(promql)}")
                        ?? throw new InvalidOperationException("empty answer");
        var data = doc.RootElement.GetProperty("data");
        var result = data.GetProperty("result");
        if (result.GetArrayLength() == 0)
        {
            return null;
        }

        var value = result[0].GetProperty("value")[1].GetString()!;
        return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Health of the scrape target (<c>up</c>).</summary>
    public Task<double?> UpAsync() => QueryAsync("up{job=\"scalemeet\"}");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Output}");
        }

        try
        {
            using var response = await _http.GetAsync("/-/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
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
}
