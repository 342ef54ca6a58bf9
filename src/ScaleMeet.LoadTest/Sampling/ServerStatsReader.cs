using System.Text.Json;

namespace ScaleMeet.LoadTest.Sampling;

/// <summary>The figures a ScaleMeet server publishes about itself at one moment (<c>GET /stats</c>).</summary>
public sealed record ServerReportedStats(int? Participants, int? Conferences, double? Stress);

/// <summary>
/// Reads <c>/stats</c> of a ScaleMeet server (served to loopback clients). Missing keys are null: an older server, or
/// one that does not publish stress yet. Failures give null rather than stopping the run.
/// </summary>
public sealed class ServerStatsReader(HttpClient http, Uri serverBase)
{
    private readonly Uri _stats = new(serverBase, "/stats");

    public async Task<ServerReportedStats?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(_stats, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var doc = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = doc.RootElement;
            return new ServerReportedStats(Int(root, "participants"), Int(root, "conferences"), Double(root, "stress_level"));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    private static int? Int(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;

    private static double? Double(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.TryGetDouble(out var d) ? d : null;
}
