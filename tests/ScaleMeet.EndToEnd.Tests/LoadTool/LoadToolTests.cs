using System.Text.Json;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.LoadTool;

/// <summary><c>scalemeet-load</c> run as a user runs it, against a real ScaleMeet server.</summary>
public sealed class LoadToolTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task AdminTokenFile_ServerTrustsNoLoopback_StatsAndTheRegistryReadWithTheTokenOnly()
    {
        const string token = "e2e-load-admin-token-0123456789abcdef";
        await using var server = await ScaleMeetProcess.StartWithSettingsAsync(new Dictionary<string, string>
        {
            ["ScaleMeet__Http__AdminToken"] = token,
            ["ScaleMeet__Http__TrustLoopback"] = "false",
        });
        var dir = Directory.CreateTempSubdirectory("scalemeet-load-token-");
        try
        {
            var tokenFile = Path.Combine(dir.FullName, "admin-token");
            await File.WriteAllTextAsync(tokenFile, token + "\n");
            var withToken = Path.Combine(dir.FullName, "with.json");
            var without = Path.Combine(dir.FullName, "without.json");

            var run = await LoadToolProcess.RunAsync(ToolTimeout, "--scenario", "S1", "--duration", "4", "--target", server.BaseUrl, "--out", withToken,
                "--admin-token-file", tokenFile);
            var bare = await LoadToolProcess.RunAsync(ToolTimeout, "--scenario", "S1", "--duration", "4", "--target", server.BaseUrl, "--out", without);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.True(bare.ExitCode == 0, bare.ToString());
            Assert.DoesNotContain(token, run.ToString(), StringComparison.Ordinal);
            using var with = JsonDocument.Parse(await File.ReadAllTextAsync(withToken));
            using var none = JsonDocument.Parse(await File.ReadAllTextAsync(without));
            // With the token: the server's own figures and its (embedded) bridge; each participant's bridge found.
            Assert.Contains(with.RootElement.GetProperty("server").EnumerateArray(), s => s.GetProperty("serverParticipants").ValueKind == JsonValueKind.Number);
            var bridge = Assert.Single(with.RootElement.GetProperty("bridges").EnumerateArray());
            Assert.Equal(3, bridge.GetProperty("participants").GetInt32());
            Assert.All(with.RootElement.GetProperty("participants").EnumerateArray(),
                p => Assert.Equal(bridge.GetProperty("id").GetString(), p.GetProperty("bridge").GetString()));
            // Without it the operator pages answer 404: no figures, no pool, and the run still measures the media.
            Assert.All(none.RootElement.GetProperty("server").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("serverParticipants").ValueKind));
            Assert.Empty(none.RootElement.GetProperty("bridges").EnumerateArray());
            Assert.Equal(3, none.RootElement.GetProperty("summary").GetProperty("participantsConnected").GetInt32());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ScenarioS1_AgainstScaleMeet_ConnectsEveryoneAndWritesResultsAndReport()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var dir = Directory.CreateTempSubdirectory("scalemeet-load-");
        try
        {
            var json = Path.Combine(dir.FullName, "results.json");
            var html = Path.Combine(dir.FullName, "report.html");

            var run = await LoadToolProcess.RunAsync(ToolTimeout, "--scenario", "S1", "--duration", "8", "--target", server.BaseUrl,
                "--out", json, "--report", html);

            Assert.True(run.ExitCode == 0, run.ToString());
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = doc.RootElement;
            Assert.Equal("S1", root.GetProperty("scenario").GetString());
            Assert.Equal("scalemeet", root.GetProperty("system").GetString());
            Assert.InRange(root.GetProperty("duration").GetDouble(), 7.5, 30);
            var participants = root.GetProperty("participants").EnumerateArray().ToList();
            Assert.Equal(3, participants.Count);
            foreach (var p in participants)
            {
                var name = p.GetProperty("name").GetString();
                Assert.True(p.GetProperty("connected").GetBoolean(), $"{name}: {p}");
                Assert.Equal(2, p.GetProperty("videoStreamsReceived").GetInt32());
                Assert.Equal(2, p.GetProperty("audioStreamsReceived").GetInt32());
                Assert.InRange(p.GetProperty("joinMs").GetDouble(), 1, 30_000);
                Assert.InRange(p.GetProperty("firstFrameMs").GetDouble(), 1, 30_000);
                Assert.InRange(p.GetProperty("lossPct").GetDouble(), 0, 1);
                // Two remote senders' simulcast video (at least their 180p layers) and Opus: well over 100 kbit/s.
                Assert.True(p.GetProperty("recvKbps").GetDouble() > 100, $"{name}: {p}");
                Assert.True(p.GetProperty("sendKbps").GetDouble() > 100, $"{name}: {p}");
                Assert.InRange(p.GetProperty("framesPerSecond").GetDouble(), 40, 70); // two streams at 30 fps
                Assert.True(p.GetProperty("rttMs").GetDouble() is > 0 and < 500, $"{name}: {p}");
                Assert.Equal(0, p.GetProperty("freezes").GetInt32());
            }

            var samples = root.GetProperty("server").EnumerateArray().ToList();
            Assert.True(samples.Count >= 8, $"{samples.Count} samples");
            // The server process was found by its port: CPU and memory are measured.
            Assert.Contains(samples, s => s.GetProperty("cpuCores").ValueKind == JsonValueKind.Number && s.GetProperty("cpuCores").GetDouble() > 0);
            Assert.All(samples, s => Assert.True(s.GetProperty("rssMb").GetDouble() > 10));
            Assert.Contains(samples, s => s.GetProperty("serverParticipants").ValueKind == JsonValueKind.Number && s.GetProperty("serverParticipants").GetInt32() == 3);
            Assert.Contains(samples, s => s.GetProperty("bitrateUpKbps").GetDouble() > 100 && s.GetProperty("bitrateDownKbps").GetDouble() > 100);
            var summary = root.GetProperty("summary");
            Assert.Equal(3, summary.GetProperty("participantsConnected").GetInt32());
            Assert.True(summary.GetProperty("cpuSecondsPerMbit").GetDouble() > 0);
            Assert.True(root.GetProperty("generator").GetProperty("milliCoresPerParticipant").GetDouble() > 0);

            var report = await File.ReadAllTextAsync(html);
            Assert.StartsWith("<!DOCTYPE html>", report, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("<svg", report, StringComparison.Ordinal);
            Assert.Contains("c1-p3", report, StringComparison.Ordinal);
            Assert.Contains("3/3 participants connected", run.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CtrlC_DuringTheRun_StopsCleanlyAndStillWritesResults()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var dir = Directory.CreateTempSubdirectory("scalemeet-load-");
        try
        {
            var json = Path.Combine(dir.FullName, "results.json");

            // Interrupt once the live progress shows both participants connected, long before the 10 minutes are up.
            var run = await LoadToolProcess.RunAsync(ToolTimeout, line => line.Contains("connected 2/2", StringComparison.Ordinal),
                "--conferences", "1", "--participants", "2", "--duration", "600", "--target", server.BaseUrl, "--out", json);

            Assert.True(run.ExitCode == 130, run.ToString());
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = doc.RootElement;
            Assert.True(root.GetProperty("interrupted").GetBoolean());
            Assert.Equal("custom", root.GetProperty("scenario").GetString());
            Assert.Equal(2, root.GetProperty("participants").GetArrayLength());
            Assert.True(root.GetProperty("server").GetArrayLength() >= 1);
            Assert.All(root.GetProperty("participants").EnumerateArray(), p => Assert.True(p.GetProperty("joinMs").GetDouble() > 0));
            // The participants left: the server holds nobody any more.
            await Eventually.WaitForAsync(server.StatsAsync, s => s.GetProperty("participants").GetInt32() == 0, TimeSpan.FromSeconds(30),
                "the server to hold no participants after the tool stopped");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UnreachableTarget_FailsWithOneLineAndExitCode1()
    {
        var port = FreePorts.Tcp();

        var run = await LoadToolProcess.RunAsync(ToolTimeout, "--scenario", "S1", "--target", $"http://127.0.0.1:{port}");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"scalemeet-load: cannot reach ScaleMeet at http://127.0.0.1:{port}/", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scenario S9", "scalemeet-load: --scenario must be S1, S2, S3 or S4, got 'S9'")]
    [InlineData("--scenario S1 --duration soon", "scalemeet-load: --duration must be a number")]
    public async Task BadOption_FailsWithOneLineAndExitCode2(string commandLine, string expected)
    {
        var run = await LoadToolProcess.RunAsync(ToolTimeout, commandLine.Split(' '));

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
    }
}
