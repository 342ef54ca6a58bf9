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
            var run = LoadToolProcess.RunAsync(ToolTimeout, "--scenario", "S4", "--duration", "12", "--target", fleet.Focus.BaseUrl, "--out", json);

            // While the 30 participants are in their rooms, each bridge reports the conferences it carries.
            var placed = await Eventually.WaitForAsync(async () => (await fleet.BridgesAsync()).Select(b => b.GetProperty("conferences").GetInt32()).ToArray(),
                counts => counts.Sum() == 10, TimeSpan.FromMinutes(2), "10 conferences on the bridges");
            var participants = (await fleet.BridgesAsync()).Select(b => $"{b.GetProperty("id").GetString()}: {b.GetProperty("conferences").GetInt32()} conferences, "
                + $"{b.GetProperty("participants").GetInt32()} participants, stress {b.GetProperty("stress").GetDouble():0.000}").ToArray();
            output.WriteLine("Placement: " + string.Join("; ", participants));

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
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
