using System.Diagnostics;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Fleet;

/// <summary>
/// A bridge process killed (SIGKILL) or frozen (SIGSTOP, its sockets open) is Lost in the focus's registry, the
/// other bridge stays Active, and new conferences go to it; a frozen bridge thawed registers again. Times are measured
/// and reported.
/// </summary>
public sealed class BridgeLossTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData("KILL")]
    [InlineData("STOP")]
    public async Task BridgeKilledOrFrozen_LostWithinItsHeartbeatWindow_OtherBridgeTakesNewConferences(string signal)
    {
        // Heartbeats every 2 s, 3 may be missed: a frozen bridge is Lost 6-6.5 s after its last heartbeat.
        await using var fleet = await Fleet.StartAsync(["", ""]);
        var victim = fleet.Bridges[0];
        var clock = Stopwatch.StartNew();

        if (signal == "KILL")
        {
            victim.Kill();
        }
        else
        {
            victim.Signal("STOP");
        }

        var bridges = await Eventually.WaitForAsync(fleet.BridgesAsync,
            list => list.Any(b => b.GetProperty("id").GetString() == "b1" && b.GetProperty("state").GetString() == "Lost"),
            TimeSpan.FromSeconds(30), "b1 Lost");
        var lostAfter = clock.Elapsed;
        var lost = bridges.Single(b => b.GetProperty("id").GetString() == "b1");
        output.WriteLine($"SIG{signal}: b1 Lost after {lostAfter.TotalMilliseconds:0} ms ({lost.GetProperty("lostReason").GetString()})");

        Assert.Equal("Active", bridges.Single(b => b.GetProperty("id").GetString() == "b2").GetProperty("state").GetString());
        Assert.True(lostAfter < TimeSpan.FromSeconds(signal == "KILL" ? 3 : 9), $"Lost after {lostAfter.TotalSeconds:0.0} s");
        Assert.Contains(signal == "KILL" ? "closed" : "no heartbeat", lost.GetProperty("lostReason").GetString(), StringComparison.Ordinal);

        // A conference opened now goes to the bridge that is left.
        var run = await LoadToolProcess.RunAsync(TimeSpan.FromMinutes(3), "--conferences", "1", "--participants", "2", "--duration", "3",
            "--target", fleet.Focus.BaseUrl);
        Assert.True(run.ExitCode == 0, run.ToString());
        var b2 = await ConferencesCreatedAsync(fleet.Bridges[1]);
        Assert.True(b2 >= 1, $"b2 created {b2} conferences");

        if (signal == "STOP")
        {
            // Thawed only now, so that it cannot take the conference above: it finds its session gone and registers again.
            victim.Signal("CONT");
            await Eventually.WaitForAsync(fleet.BridgesAsync,
                list => list.Any(b => b.GetProperty("id").GetString() == "b1" && b.GetProperty("state").GetString() == "Active"),
                TimeSpan.FromSeconds(60), "b1 Active again after SIGCONT");
            output.WriteLine($"SIGCONT: b1 Active again after {clock.Elapsed.TotalMilliseconds:0} ms from the start");
        }
    }

    private static async Task<long> ConferencesCreatedAsync(ScaleMeetProcess bridge) =>
        (await bridge.StatsAsync()).GetProperty("total_conferences_created").GetInt64();
}
