using System.Text.Json;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Fleet;

/// <summary>A focus and three bridge processes: S4 (10 conferences × 3) spread over the bridges, media everywhere.</summary>
public sealed class BridgePoolTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task S4_SingleStrategy_ConferencesSpreadOverThreeBridgesEveryoneReceivesEveryone()
    {
        // Stress from the packet rate, sampled every second: the bridges' CPU share on a shared two-core machine says
        // more about the other tests running than about the conferences each one carries.
        await using var fleet = await Fleet.StartAsync(["", "", ""], bridgeSettings: new Dictionary<string, string>
        {
            ["ScaleMeet__Bridge__Stress__Measurement"] = "packet-rate",
            ["ScaleMeet__Bridge__Stress__SampleInterval"] = "00:00:01",
        });
        var dir = Directory.CreateTempSubdirectory("scalemeet-fleet-");
        try
        {
            var json = Path.Combine(dir.FullName, "results.json");
            var report = Path.Combine(dir.FullName, "report.html");
            var run = LoadToolProcess.RunAsync(ToolTimeout, "--scenario", "S4", "--duration", "12", "--target", fleet.Focus.BaseUrl, "--out", json,
                "--report", report);

            // While the 30 participants are in their rooms, each bridge reports the conferences it carries.
            var placed = await Eventually.WaitForAsync(async () => (await fleet.BridgesAsync()).Select(b => b.GetProperty("conferences").GetInt32()).ToArray(),
                counts => counts.Sum() == 10, TimeSpan.FromMinutes(2), "10 conferences on the bridges");
            var participants = (await fleet.BridgesAsync()).Select(b => $"{b.GetProperty("id").GetString()}: {b.GetProperty("conferences").GetInt32()} conferences, "
                + $"{b.GetProperty("participants").GetInt32()} participants, stress {b.GetProperty("stress").GetDouble():0.000}").ToArray();
            output.WriteLine("Placement: " + string.Join("; ", participants));

            // Each bridge's hello named a relay port of its own (bound to a free port: Fleet starts them with --relay-port 0).
            var relayAddresses = (await fleet.BridgesAsync()).Select(b => b.GetProperty("relayAddress").GetString()!).ToArray();
            Assert.Equal(3, relayAddresses.Distinct().Count());
            Assert.All(relayAddresses, a => Assert.True(System.Net.IPEndPoint.TryParse(a, out var e) && e.Port > 0, a));

            var result = await run;
            Assert.True(result.ExitCode == 0, result.ToString());

            // Least corrected stress first: no bridge is left out, none carries more than half.
            Assert.All(placed, count => Assert.InRange(count, 2, 5));
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var people = doc.RootElement.GetProperty("participants").EnumerateArray().ToList();
            Assert.Equal(30, people.Count);
            foreach (var p in people)
            {
                var name = p.GetProperty("name").GetString();
                Assert.True(p.GetProperty("connected").GetBoolean(), $"{name}: {p}");
                Assert.Equal(2, p.GetProperty("videoStreamsReceived").GetInt32());
                Assert.Equal(2, p.GetProperty("audioStreamsReceived").GetInt32());
            }

            // The results give each participant's bridge (its media address in the bridge's hello), a conference on one
            // bridge (Single), and per bridge its placement and its own process figures from its /stats.
            var bridgeOf = people.GroupBy(p => p.GetProperty("room").GetString()!)
                .ToDictionary(g => g.Key, g => g.Select(p => p.GetProperty("bridge").GetString()).Distinct().ToArray());
            Assert.All(bridgeOf, room => Assert.True(room.Value is [{ } one] && fleet.BridgeIds.Contains(one), $"{room.Key}: {string.Join(", ", room.Value)}"));
            var bridges = doc.RootElement.GetProperty("bridges").EnumerateArray().ToList();
            Assert.Equal(fleet.BridgeIds.Order(), bridges.Select(b => b.GetProperty("id").GetString()!).Order());
            foreach (var b in bridges)
            {
                var id = b.GetProperty("id").GetString()!;
                var rooms = b.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()!).ToArray();
                Assert.Equal(bridgeOf.Where(r => r.Value[0] == id).Select(r => r.Key).Order(StringComparer.Ordinal), rooms);
                Assert.Equal(3 * rooms.Length, b.GetProperty("participants").GetInt32());
                var samples = b.GetProperty("samples").EnumerateArray().ToList();
                Assert.Contains(samples, s => s.GetProperty("cpuCores").ValueKind == JsonValueKind.Number && s.GetProperty("cpuCores").GetDouble() > 0);
                Assert.All(samples, s => Assert.InRange(s.GetProperty("rssMb").GetDouble(), 20, 2000));
                Assert.Contains(samples, s => s.GetProperty("participants").GetInt32() == 3 * rooms.Length);
            }

            output.WriteLine("Placement in the results: " + string.Join("; ", bridges.Select(b =>
                $"{b.GetProperty("id").GetString()}: {b.GetProperty("rooms").GetArrayLength()} conferences, cpu {b.GetProperty("cpuCores")} cores, RSS peak {b.GetProperty("peakRssMb")} MB")));
            var html = await File.ReadAllTextAsync(report);
            Assert.Contains("<table class=\"bridges\">", html, StringComparison.Ordinal);
            Assert.All(fleet.BridgeIds, id => Assert.Contains($"data-series=\"{id}\"", html, StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
