using System.Text.Json;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Fleet;

/// <summary>
/// A focus and N bridge processes on this machine (free ports, media on 127.0.0.1), the bridges registered and
/// Active before the test goes on. Disposing stops them all.
/// </summary>
internal sealed class Fleet : IAsyncDisposable
{
    public const string Secret = "fleet-test-control-secret";

    private readonly List<ScaleMeetProcess> _bridges;
    private readonly List<string> _ids;
    private readonly IReadOnlyDictionary<string, string>? _bridgeSettings;

    private Fleet(ScaleMeetProcess focus, List<ScaleMeetProcess> bridges, List<string> ids, IReadOnlyDictionary<string, string>? bridgeSettings)
    {
        Focus = focus;
        _bridges = bridges;
        _ids = ids;
        _bridgeSettings = bridgeSettings;
    }

    public ScaleMeetProcess Focus { get; }

    public IReadOnlyList<ScaleMeetProcess> Bridges => _bridges;

    public IReadOnlyList<string> BridgeIds => _ids;

    /// <param name="regions">One region per bridge ("" for none); its length is the number of bridges.</param>
    /// <param name="focusSettings">Environment of the focus process (<c>ScaleMeet__…</c> settings).</param>
    /// <param name="bridgeSettings">Environment of every bridge process.</param>
    public static async Task<Fleet> StartAsync(IReadOnlyList<string> regions, IReadOnlyDictionary<string, string>? focusSettings = null,
        IReadOnlyDictionary<string, string>? bridgeSettings = null)
    {
        var focus = await ScaleMeetProcess.StartRoleAsync("focus", focusSettings, "--control-secret", Secret);
        var bridges = new List<ScaleMeetProcess>();
        var ids = new List<string>();
        try
        {
            for (var i = 0; i < regions.Count; i++)
            {
                var id = $"b{i + 1}";
                bridges.Add(await StartBridgeAsync(focus, id, regions[i], bridgeSettings));
                ids.Add(id);
            }

            var fleet = new Fleet(focus, bridges, ids, bridgeSettings);
            await Eventually.WaitForAsync(async () => (await fleet.BridgesAsync()).Count(b => b.GetProperty("state").GetString() == "Active"),
                active => active == regions.Count, TimeSpan.FromSeconds(30), $"{regions.Count} bridges Active");
            return fleet;
        }
        catch
        {
            foreach (var bridge in bridges)
            {
                await bridge.DisposeAsync();
            }

            await focus.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more bridge (<c>b{n+1}</c>, the fleet's bridge settings) and waits until it is Active.</summary>
    public async Task<ScaleMeetProcess> AddBridgeAsync(string region = "")
    {
        var id = $"b{_bridges.Count + 1}";
        var bridge = await StartBridgeAsync(Focus, id, region, _bridgeSettings);
        _bridges.Add(bridge);
        _ids.Add(id);
        await Eventually.WaitForAsync(BridgesAsync, list => list.Any(b => b.GetProperty("id").GetString() == id && b.GetProperty("state").GetString() == "Active"),
            TimeSpan.FromSeconds(30), $"{id} Active");
        return bridge;
    }

    private static Task<ScaleMeetProcess> StartBridgeAsync(ScaleMeetProcess focus, string id, string region, IReadOnlyDictionary<string, string>? settings)
    {
        string[] args = region.Length > 0
            ? ["--control-secret", Secret, "--focus", focus.BaseUrl, "--bridge-id", id, "--region", region]
            : ["--control-secret", Secret, "--focus", focus.BaseUrl, "--bridge-id", id];
        return ScaleMeetProcess.StartRoleAsync("bridge", settings ?? new Dictionary<string, string>(), args);
    }

    /// <summary>The focus's <c>/api/bridges</c> list.</summary>
    public async Task<IReadOnlyList<JsonElement>> BridgesAsync() =>
        [.. (await Focus.GetJsonAsync("/api/bridges")).GetProperty("bridges").EnumerateArray()];

    public async ValueTask DisposeAsync()
    {
        foreach (var bridge in Bridges)
        {
            await bridge.DisposeAsync();
        }

        await Focus.DisposeAsync();
    }
}
