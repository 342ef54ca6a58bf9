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
        using var doc = await JsonPage.ReadAsync(http, _stats, cancellationToken).ConfigureAwait(false);
        return doc is null ? null
            : new ServerReportedStats(JsonPage.Integer(doc.RootElement, "participants"), JsonPage.Integer(doc.RootElement, "conferences"),
                JsonPage.Number(doc.RootElement, "stress_level"));
    }
}
