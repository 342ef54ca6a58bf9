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
        using var doc = await ReadJsonAsync(_registry, cancellationToken).ConfigureAwait(false);
        if (doc is null || !doc.RootElement.TryGetProperty("bridges", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var bridges = new List<PoolBridge>();
        foreach (var b in list.EnumerateArray())
        {
            if (Text(b, "id") is not { } id)
            {
                continue;
            }

            var addresses = b.TryGetProperty("mediaAddresses", out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
                : [];
            var stats = Text(b, "statsUrl") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u : null;
            bridges.Add(new PoolBridge(id, Text(b, "region") ?? "", Text(b, "state") ?? "", Number(b, "stress") ?? 0,
                (int)(Number(b, "participants") ?? 0), (int)(Number(b, "conferences") ?? 0), addresses, stats));
        }

        return bridges;
    }

    public async Task<BridgeProcessFigures?> ReadProcessAsync(Uri statsUrl, CancellationToken cancellationToken)
    {
        using var doc = await ReadJsonAsync(statsUrl, cancellationToken).ConfigureAwait(false);
        return doc is not null && doc.RootElement.TryGetProperty("process", out var p) && Number(p, "cpuSeconds") is { } cpu && Number(p, "rssMb") is { } rss
            ? new BridgeProcessFigures(cpu, rss)
            : null;
    }

    private async Task<JsonDocument?> ReadJsonAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var doc = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                return doc;
            }

            doc.Dispose();
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;
}
