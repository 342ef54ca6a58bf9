using System.Net;
using System.Text.Json.Serialization;
using ScaleMeet.Bridge;
using ScaleMeet.Focus;

namespace ScaleMeet.Server;

/// <summary>
/// <c>GET /stats</c>: what the bridge and the focus hold right now, with Jitsi's <c>/colibri/stats</c> key names
/// where they mean the same thing. Served to loopback clients only (404 for anyone else): it is an operator's
/// page, not a public one.
/// </summary>
internal static class StatsEndpoint
{
    public static void Map(WebApplication app, FocusService focus, Func<MediaBridge?> bridge)
    {
        app.MapGet("/stats", async (HttpContext context) =>
        {
            if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
            {
                return Results.NotFound();
            }

            var f = focus.GetSnapshot();
            var b = bridge() is { } media ? await media.GetSnapshotAsync() : new BridgeSnapshot(0, 0, 0, 0, 0);
            var p = bridge()?.GetPacketStats() ?? new BridgePacketStats(0, 0, 0, 0, 0, 0, 0);
            var doc = new StatsDocument(
                b.Conferences,
                b.Endpoints,
                b.LargestConference,
                new FocusStats(f.Rooms, f.Participants, f.Bridges),
                new BridgeStats(b.Conferences, b.Endpoints, b.Transports, b.RemoteAddresses, p.RtpReceived, p.RtpSent, p.RtxSent, p.Dropped, p.KeyframeRequestsSent, p.TransportFeedbackReceived, p.PaddingSent));
            return Results.Json(doc, ServerJsonContext.Default.StatsDocument);
        });
    }
}

/// <summary>The <c>/stats</c> document (docs/protocol.md lists the keys).</summary>
internal sealed record StatsDocument(
    [property: JsonPropertyName("conferences")] int Conferences,
    [property: JsonPropertyName("participants")] int Participants,
    [property: JsonPropertyName("largest_conference")] int LargestConference,
    [property: JsonPropertyName("focus")] FocusStats Focus,
    [property: JsonPropertyName("bridge")] BridgeStats Bridge);

internal sealed record FocusStats(int Rooms, int Participants, int Bridges);

internal sealed record BridgeStats(int Conferences, int Endpoints, int Transports, int RemoteAddresses,
    long RtpReceived, long RtpSent, long RtxSent, long Dropped, long KeyframeRequestsSent, long TransportFeedbackReceived, long PaddingSent);
