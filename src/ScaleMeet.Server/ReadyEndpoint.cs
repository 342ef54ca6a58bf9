using ScaleMeet.Bridge;

namespace ScaleMeet.Server;

/// <summary>
/// <c>GET /ready</c> (anyone, for load balancers and readiness probes): 200 <c>{"status":"ready"}</c> when the
/// embedded bridge is started, healthy and neither draining nor shutting down; otherwise 503 with the reason as the
/// status: <c>starting</c> (no bridge yet), <c>unhealthy</c>, <c>shutting-down</c> or <c>draining</c>.
/// </summary>
internal static class ReadyEndpoint
{
    public static void Map(WebApplication app, Func<MediaBridge?> bridge)
    {
        app.MapGet("/ready", () =>
        {
            var status = Status(bridge());
            return Results.Json(new HealthStatus(status), ServerJsonContext.Default.HealthStatus,
                statusCode: status == "ready" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }

    private static string Status(MediaBridge? bridge)
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
            _ => "ready",
        };
    }
}
