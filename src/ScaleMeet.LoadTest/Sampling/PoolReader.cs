using System.Text.Json;

namespace ScaleMeet.LoadTest.Sampling;

/// <summary>
/// Reads a focus's bridge registry (<c>GET /api/bridges</c>, served to loopback clients) and each remote bridge's
/// <c>/stats</c>. A server without the registry, an unreadable answer or an unreachable bridge give null: the run goes on
/// without those figures.
/// </summary>
public sealed class PoolReader(HttpClient http, Uri focusBase)
{
    private readonly Uri _registry = new(focusBase, "/api/bridges");

    public async Task<IReadOnlyList<PoolBridge>?> ReadRegistryAsync(CancellationToken cancellationToken)
    {
        using var doc = await JsonPage.ReadAsync(http, _registry, cancellationToken).ConfigureAwait(false);
        if (doc is null || !doc.RootElement.TryGetProperty("bridges", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var bridges = new List<PoolBridge>();
        foreach (var b in list.EnumerateArray())
        {
            if (JsonPage.Text(b, "id") is not { } id)
            {
                continue;
            }

            var addresses = b.TryGetProperty("mediaAddresses", out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
                : [];
            var stats = JsonPage.Text(b, "statsUrl") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u : null;
            bridges.Add(new PoolBridge(id, JsonPage.Text(b, "region") ?? "", JsonPage.Text(b, "state") ?? "", JsonPage.Number(b, "stress") ?? 0,
                (int)(JsonPage.Number(b, "participants") ?? 0), (int)(JsonPage.Number(b, "conferences") ?? 0), addresses, stats));
        }

        return bridges;
    }

    public async Task<BridgeProcessFigures?> ReadProcessAsync(Uri statsUrl, CancellationToken cancellationToken)
    {
        using var doc = await JsonPage.ReadAsync(http, statsUrl, cancellationToken).ConfigureAwait(false);
        return doc is not null && doc.RootElement.TryGetProperty("process", out var p) && JsonPage.Number(p, "cpuSeconds") is { } cpu && JsonPage.Number(p, "rssMb") is { } rss
            ? new BridgeProcessFigures(cpu, rss)
            : null;
    }
}
