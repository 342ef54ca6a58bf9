using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Signaling;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Fleet;

/// <summary>
/// RegionBased through real processes: bridge b1 in region a, b2 in region b, region groups [[b, c]]; conferences
/// opened from a, b, c and d (the region from the signaling URL's <c>?region=</c>) land where Jicofo's chain says.
/// </summary>
public sealed class RegionPlacementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RegionBased_ConferencesFromFourRegions_PlacedAsTheChainPrescribes()
    {
        await using var fleet = await Fleet.StartAsync(["a", "b"],
            focusSettings: new Dictionary<string, string>
            {
                ["ScaleMeet__Focus__BridgeSelection__Strategy"] = "RegionBased",
                ["ScaleMeet__Focus__BridgeSelection__RegionGroups__0__0"] = "b",
                ["ScaleMeet__Focus__BridgeSelection__RegionGroups__0__1"] = "c",
                ["ScaleMeet__Focus__AllowRegionParameter"] = "true",
            },
            bridgeSettings: new Dictionary<string, string>
            {
                // Load from packets (these participants send none): the CPU share of a shared machine would blur the
                // last step, which goes by load alone.
                ["ScaleMeet__Bridge__Stress__Measurement"] = "packet-rate",
                ["ScaleMeet__Bridge__Stress__SampleInterval"] = "00:00:01",
            });
        var participants = new List<SignalingParticipant>();
        try
        {
            // (participant's region, the bridge the chain picks, why)
            (string Region, string Bridge, string Step)[] expected =
            [
                ("a", "b1", "notLoadedInRegion"),
                ("b", "b2", "notLoadedInRegion"),
                ("c", "b2", "notLoadedInRegionGroup: c is grouped with b"),
                ("d", "b1", "notLoaded: no bridge near d, b1 the less loaded (one conference placed against two)"),
            ];
            var placed = new Dictionary<string, int> { ["b1"] = 0, ["b2"] = 0 };
            foreach (var (region, bridge, step) in expected)
            {
                var server = new Uri($"{fleet.Focus.BaseUrl}/?region={region}");
                participants.Add(await SignalingParticipant.JoinAsync(server, $"from-{region}", $"Guest from {region}", tracks: null, options: null,
                    subscribeOffered: null));
                placed[bridge]++;
                var counts = await Eventually.WaitForAsync(ConferencesByBridgeAsync, c => c["b1"] == placed["b1"] && c["b2"] == placed["b2"],
                    TimeSpan.FromSeconds(30), $"the conference from {region} on {bridge} ({step})");
                output.WriteLine($"from {region}: on {bridge} ({step}); conferences b1 {counts["b1"]}, b2 {counts["b2"]}");
            }

            var byRegion = (await fleet.Focus.StatsAsync()).GetProperty("focus").GetProperty("participantsByRegion");
            Assert.Equal(["a", "b", "c", "d"], byRegion.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.All(byRegion.EnumerateObject(), p => Assert.Equal(1, p.Value.GetInt32()));
            Assert.All(participants, p => Assert.Empty(p.Errors));
        }
        finally
        {
            foreach (var participant in participants)
            {
                await participant.DisposeAsync();
            }
        }

        async Task<Dictionary<string, int>> ConferencesByBridgeAsync() =>
            (await fleet.BridgesAsync()).ToDictionary(b => b.GetProperty("id").GetString()!, b => b.GetProperty("conferences").GetInt32());
    }

    [Fact]
    public async Task RegionParameterNotAllowed_Ignored_AndAMalformedRegionHeaderRefusedWith400()
    {
        await using var fleet = await Fleet.StartAsync(["a"], focusSettings: new Dictionary<string, string>
        {
            ["ScaleMeet__Focus__RegionHeader"] = "X-Client-Region",
            ["ScaleMeet__Focus__Region"] = "home",
        });

        // Without AllowRegionParameter a participant cannot choose: it gets the focus's region.
        await using (var guest = await SignalingParticipant.JoinAsync(new Uri($"{fleet.Focus.BaseUrl}/?region=a"), "room", "Guest", tracks: null,
            options: null, subscribeOffered: null))
        {
            var byRegion = (await fleet.Focus.StatsAsync()).GetProperty("focus").GetProperty("participantsByRegion");
            Assert.Equal(1, byRegion.GetProperty("home").GetInt32());
            Assert.False(byRegion.TryGetProperty("a", out _));
        }

        using var http = new HttpClient();
        using var upgrade = new HttpRequestMessage(HttpMethod.Get, $"{fleet.Focus.BaseUrl}/signaling");
        upgrade.Headers.Add("Connection", "Upgrade");
        upgrade.Headers.Add("Upgrade", "websocket");
        upgrade.Headers.Add("Sec-WebSocket-Version", "13");
        upgrade.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));
        upgrade.Headers.Add("X-Client-Region", "not a region!");
        using var response = await http.SendAsync(upgrade);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid region", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
