using ScaleMeet.Bridge;

namespace ScaleMeet.Server;

/// <summary>
/// <c>GET /health</c> (liveness: 200 <c>{"status":"ok"}</c> while the process serves) and <c>GET /ready</c> (for load
/// balancers and readiness probes): 200 <c>{"status":"ready"}</c>, or 503 with the reason as the status. What "ready"
/// means depends on the role: all-in-one and bridge — the bridge is started (<c>starting</c>), healthy
/// (<c>unhealthy</c>), neither shutting down (<c>shutting-down</c>) nor draining (<c>draining</c>), and for a remote
/// bridge registered with a focus (<c>unregistered</c>); focus — at least one bridge is Active (<c>no-bridge</c>).
/// Anyone may ask: neither page says more than that.
/// </summary>
internal static class ReadyEndpoint
{
    public const string Ready = "ready";

    public static void Map(WebApplication app, Func<string> status)
    {
        app.MapGet("/health", () => Results.Json(new HealthStatus("ok"), ServerJsonContext.Default.HealthStatus));
        app.MapGet("/ready", () =>
        {
            var now = status();
            return Results.Json(new HealthStatus(now), ServerJsonContext.Default.HealthStatus,
                statusCode: now == Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }

    /// <summary>A bridge's readiness: <see cref="Ready"/> or why not.</summary>
    public static string BridgeStatus(MediaBridge? bridge)
    {
        if (bridge is null)
        {
            return "starting";
        }

        var stats = bridge.GetStats();
        return stats switch
        {
            { ShuttingDown: true } => "shutting-down",
            { Draining: true } => "draining",
            { Healthy: false } => "unhealthy",
            _ => Ready,
        };
    }
}
