using System.Diagnostics.Metrics;
using ScaleMeet.Focus;
using ScaleMeet.Server.Hardening;

namespace ScaleMeet.Server.Metrics;

/// <summary>
/// <c>GET /metrics</c>: every <c>ScaleMeet.*</c> meter in the Prometheus text format (0.0.4). Served as
/// <paramref name="access"/> decides: loopback clients (while trusted), the networks of
/// <see cref="ServerHttpOptions.MetricsAllowedNetworks"/> and requests with the admin bearer token; anyone else gets
/// 404 (a wrong token 401), as for <c>/stats</c>. Creates the <c>ScaleMeet.Focus</c> and <c>ScaleMeet.Process</c> meters from the host's
/// <see cref="IMeterFactory"/> (which disposes them with the host); the bridge's meters are picked up by name
/// whenever they are created. Dispose to stop listening.
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    public const string Path = "/metrics";

    private readonly MetricsCollector _collector;

    private MetricsEndpoint(MetricsCollector collector) => _collector = collector;

    /// <summary>Starts collecting and maps <see cref="Path"/>. Call before the work being counted starts.</summary>
    /// <param name="focus">The focus whose meter to publish; null in the bridge role.</param>
    public static MetricsEndpoint Map(WebApplication app, AdminAccess access, FocusService? focus)
    {
        var meterFactory = app.Services.GetRequiredService<IMeterFactory>();
        var collector = new MetricsCollector(MetricsCollector.DefaultMeterNames, meterFactory);
        if (focus is not null)
        {
            _ = new FocusMetrics(focus, meterFactory);
        }

        _ = new ProcessMetrics(meterFactory);
        app.MapGet(Path, (HttpContext context) =>
            AdminAccess.Refusal(access.Check(context), context) ?? Results.Text(collector.Scrape(), PrometheusTextWriter.ContentType));
        return new MetricsEndpoint(collector);
    }

    public void Dispose() => _collector.Dispose();
}
