using System.Diagnostics;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Scripts;

/// <summary>
/// <c>scripts/fleet.sh --check</c> starts a real focus and bridges (on loopback, or each bridge in a network namespace
/// behind a netem delay), waits for the registry to show them Active, prints it, and stops them all.
/// </summary>
public sealed class FleetScriptTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Check_TwoBridgesInRegions_AllActiveWithTheirRegions()
    {
        var udpBase = FreePorts.Range(2);
        var run = await RunAsync("--bridges", "2", "--regions", "a,b", "--strategy", "RegionBased", "--http-port", FreePorts.Tcp().ToString(),
            "--udp-base", udpBase.ToString(), "--bridge-http-base", FreePorts.Range(2).ToString());

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches($@"b1: Active, region a, media \S+:{udpBase}\b", run.Output);
        Assert.Matches($@"b2: Active, region b, media \S+:{udpBase + 1}\b", run.Output);
    }

    [Fact]
    public async Task Check_BridgesInNamespaces_ActiveWithTheirNamespaceAddressesAndTheNamespacesGoneAfter()
    {
        var run = await RunAsync("--bridges", "2", "--netns", "--http-port", FreePorts.Tcp().ToString());

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("b1: Active, region -, media 10.235.1.2:10001", run.Output, StringComparison.Ordinal);
        Assert.Contains("b2: Active, region -, media 10.235.2.2:10002", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("smfleet-b", await RunToolAsync("ip", "netns", "list"), StringComparison.Ordinal);
        Assert.DoesNotContain("smfb", await RunToolAsync("ip", "link", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DelayInNamespaces_TheRoundTripShowsTheDelayOrTheScriptSaysNetemIsMissing()
    {
        var run = await RunAsync("--bridges", "2", "--netns", "--delay-ms", "25", "--http-port", FreePorts.Tcp().ToString());

        // Kernels built without sch_netem (this sandbox's) cannot delay: the script must say so before starting anything.
        if (!await NetemAvailableAsync())
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("needs tc netem, which this kernel lacks", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("focus: http", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("smfleet", await RunToolAsync("ip", "link", "show"), StringComparison.Ordinal);
            return;
        }

        Assert.True(run.ExitCode == 0, run.Output);
        var rtts = run.Output.Split('\n').Where(l => l.Contains("round trip", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split("round trip ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, rtts.Length);
        Assert.All(rtts, rtt => Assert.InRange(rtt, 50, 500));
        Assert.DoesNotContain("smfleet-b", await RunToolAsync("ip", "netns", "list"), StringComparison.Ordinal);
    }

    private static async Task<bool> NetemAvailableAsync()
    {
        await RunToolAsync("ip", "link", "add", "smtest-netem", "type", "veth", "peer", "name", "smtest-netem-p");
        try
        {
            using var process = Process.Start(new ProcessStartInfo("tc", ["qdisc", "add", "dev", "smtest-netem", "root", "netem", "delay", "1ms"])
                { RedirectStandardError = true })!;
            await process.WaitForExitAsync();
            return process.ExitCode == 0;
        }
        finally
        {
            await RunToolAsync("ip", "link", "del", "smtest-netem");
        }
    }

    [Fact]
    public async Task BadOption_ExitCode2WithTheReason()
    {
        var run = await RunAsync("--bridges", "zero", "--check");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--bridges must be 1..50", run.Output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "fleet.sh");
        var info = new ProcessStartInfo("bash", [script, .. args, "--check"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["FLEET_DIR"] = Directory.CreateTempSubdirectory("scalemeet-fleet-script-").FullName;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var all = await stdout + await stderr;
        output.WriteLine(all);
        return (process.ExitCode, all);
    }

    private static async Task<string> RunToolAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "fleet.sh")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("scripts/fleet.sh not found above " + AppContext.BaseDirectory);
    }
}
