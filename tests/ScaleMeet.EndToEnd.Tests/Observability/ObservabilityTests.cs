using System.Diagnostics;
using System.Text.Json;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Observability;

/// <summary>
/// ScaleMeet's figures as operators see them: a real Prometheus scraping a real server during a call, promtool on the
/// whole /metrics output, and the Grafana dashboard and alert rules naming only metrics that exist.
/// </summary>
public sealed class ObservabilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(90);

    private static readonly Dictionary<string, string> FastStress = new()
    {
        ["ScaleMeet__Bridge__Stress__SampleInterval"] = "00:00:01",
    };

    [PrometheusFact]
    public async Task Prometheus_DuringACallOfThree_SeesItsFigures_ThenZeroAfterItEnds()
    {
        await using var server = await ScaleMeetProcess.StartWithSettingsAsync(FastStress);
        await using var prometheus = await PrometheusProcess.StartAsync($"localhost:{server.HttpPort}");
        await using var tool = LoadToolProcess.Start(null, "--conferences", "1", "--participants", "3", "--duration", "600",
            "--target", server.BaseUrl);
        try
        {
            await WaitForAsync(prometheus, "scalemeet_bridge_participants", v => v == 3);
            await WaitForAsync(prometheus, "scalemeet_bridge_conferences", v => v == 1);
            await WaitForAsync(prometheus, "scalemeet_focus_participants", v => v == 3);
            await WaitForAsync(prometheus, "jitsi_participants", v => v == 3);
            await WaitForAsync(prometheus, "scalemeet_bridge_bitrate_in_kbps", v => v > 100);
            await WaitForAsync(prometheus, "scalemeet_bridge_bitrate_out_kbps", v => v > 100);
            await WaitForAsync(prometheus, "scalemeet_bridge_stress", v => v > 0);
            await WaitForAsync(prometheus, "scalemeet_bridge_endpoints_sending_video", v => v == 3);
            await WaitForAsync(prometheus, "rate(scalemeet_bridge_sent_packets_total[5s])", v => v > 100);
        }
        finally
        {
            tool.Interrupt();
            output.WriteLine((await tool.WaitAsync(TimeSpan.FromMinutes(1))).StandardOutput);
        }

        // The call ended: everything falls back.
        await WaitForAsync(prometheus, "scalemeet_bridge_participants", v => v == 0);
        await WaitForAsync(prometheus, "scalemeet_bridge_conferences", v => v == 0);
        await WaitForAsync(prometheus, "scalemeet_focus_participants", v => v == 0);
        await WaitForAsync(prometheus, "scalemeet_bridge_bitrate_in_kbps", v => v == 0);
        await WaitForAsync(prometheus, "scalemeet_bridge_conferences_completed_total", v => v == 1);
        Assert.Equal(1, await prometheus.UpAsync());
    }

    [PromtoolFact]
    public async Task Promtool_CheckMetrics_AcceptsTheWholeOutputDuringACall()
    {
        await using var server = await ScaleMeetProcess.StartWithSettingsAsync(FastStress);
        await using var tool = LoadToolProcess.Start(null, "--conferences", "1", "--participants", "2", "--duration", "600",
            "--target", server.BaseUrl);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            var text = await Eventually.WaitForAsync(() => http.GetStringAsync("/metrics"),
                t => t.Contains("\nscalemeet_bridge_participants 2\n", StringComparison.Ordinal) &&
                     t.Contains("scalemeet_focus_join_failures_total{reason=", StringComparison.Ordinal),
                Convergence, "two participants in /metrics");

            var (exitCode, stdout, stderr) = await RunAsync("/usr/bin/promtool", ["check", "metrics"], text);

            Assert.True(exitCode == 0, $"promtool exit {exitCode}\n{stdout}\n{stderr}");
            Assert.Equal(string.Empty, stderr.Trim());
        }
        finally
        {
            tool.Interrupt();
            await tool.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task Dashboard_EveryPromQlExpression_NamesOnlyExportedMetrics()
    {
        var exported = await ExportedMetricNamesAsync();
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "grafana", "scalemeet-dashboard.json")));
        var expressions = new List<string>();
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                expressions.Add(target.GetProperty("expr").GetString()!);
            }
        }

        // The instance variable's query: label_values(<metric>, instance).
        foreach (var variable in dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            var definition = variable.GetProperty("definition").GetString()!;
            expressions.Add(definition["label_values(".Length..definition.IndexOf(',', StringComparison.Ordinal)]);
        }

        Assert.True(expressions.Count >= 8, $"{expressions.Count} expressions");
        var panelTitles = dashboard.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToList();
        foreach (var wanted in new[] { "Bridge CPU", "Bridge RAM", "Stress", "Bitrate", "Round-trip time", "Participants", "Conferences", "Packet loss" })
        {
            Assert.Contains(panelTitles, t => t.StartsWith(wanted, StringComparison.Ordinal));
        }

        AssertAllExported(expressions, exported, builtins: []);
    }

    [Fact]
    public async Task AlertRules_EveryExpression_NamesOnlyExportedMetrics()
    {
        var exported = await ExportedMetricNamesAsync();
        var expressions = File.ReadAllLines(Path.Combine(RepositoryRoot(), "deploy", "prometheus", "alerts.yml"))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("expr:", StringComparison.Ordinal))
            .Select(l => l["expr:".Length..].Trim())
            .ToList();

        Assert.True(expressions.Count >= 4, $"{expressions.Count} expressions");
        AssertAllExported(expressions, exported, builtins: ["up"]);
    }

    [Fact]
    public void PromQl_MetricNames_SkipsFunctionsLabelsAndDurations()
    {
        var names = PromQl.MetricNames(
            "sum by (instance, reason) (rate(scalemeet_focus_join_failures_total{instance=~\"$instance\",reason!=\"x y\"}[5m])) * 60 / on(instance) group_left up + 1e3");

        Assert.Equal(["scalemeet_focus_join_failures_total", "up"], names.Order());
    }

    private void AssertAllExported(IEnumerable<string> expressions, IReadOnlySet<string> exported, string[] builtins)
    {
        var missing = new List<string>();
        foreach (var expression in expressions)
        {
            var names = PromQl.MetricNames(expression);
            Assert.NotEmpty(names);
            missing.AddRange(names.Where(n => !exported.Contains(n) && !builtins.Contains(n)).Select(n => $"{n} (in {expression})"));
            output.WriteLine($"{string.Join(", ", names)} ← {expression}");
        }

        Assert.Empty(missing);
    }

    /// <summary>The metric names a running server exports: every <c># TYPE</c> family (summaries also as _sum/_count).</summary>
    private static async Task<IReadOnlySet<string>> ExportedMetricNamesAsync()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var text = await http.GetStringAsync("/metrics");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ');
            names.Add(parts[2]);
            if (parts[3] is "summary" or "histogram")
            {
                names.Add(parts[2] + "_sum");
                names.Add(parts[2] + "_count");
            }
        }

        Assert.Contains("scalemeet_bridge_stress", names);
        return names;
    }

    private static async Task WaitForAsync(PrometheusProcess prometheus, string query, Func<double, bool> condition) =>
        await Eventually.WaitForAsync(() => prometheus.QueryAsync(query), v => v is { } value && condition(value), Convergence,
            $"Prometheus: {query}");

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, string[] args, string input)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ScaleMeet.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ScaleMeet.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs Debian's prometheus: skipped, with the reason, when it is not installed.</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (!File.Exists(PrometheusProcess.Executable))
        {
            Skip = $"{PrometheusProcess.Executable} is not installed (apt-get install prometheus; test.sh installs it)";
        }
    }
}

/// <summary>A fact that needs promtool (Debian's prometheus package).</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (!File.Exists("/usr/bin/promtool"))
        {
            Skip = "/usr/bin/promtool is not installed (apt-get install prometheus; test.sh installs it)";
        }
    }
}
