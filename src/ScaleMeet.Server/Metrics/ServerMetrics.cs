using System.Diagnostics.Metrics;
using ScaleMeet.Server.Admission;
using ScaleMeet.Server.Hardening;

namespace ScaleMeet.Server.Metrics;

/// <summary>
/// Meter <c>ScaleMeet.Server</c>: what the edge admits and refuses — signaling connections open and refused (by
/// reason), connections closed for flooding, admin requests refused, and the configured caps (so a dashboard or a test
/// can relate the counts to them). Refused joins and <c>rate_limited</c> replies are the focus's
/// (<c>scalemeet_focus_join_failures_total</c>, <c>scalemeet_focus_signaling_errors_total</c>). All observable: the
/// signaling path only bumps plain counters. The meter comes from <paramref name="meterFactory"/>, which owns it.
/// </summary>
internal sealed class ServerMetrics
{
    public const string MeterName = "ScaleMeet.Server";

    public ServerMetrics(AdmissionControl admission, AdmissionCounters counters, AdminAccess stats, AdminAccess metrics, IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(new MeterOptions(MeterName));
        var options = admission.Options;
        Meter.CreateObservableGauge("scalemeet_server_signaling_connections", () => admission.Connections, unit: "{connection}",
            description: "Signaling WebSockets admitted and open now.");
        Meter.CreateObservableGauge("scalemeet_server_signaling_addresses", () => admission.Addresses, unit: "{address}",
            description: "Client addresses (IPv6: prefixes) holding a signaling connection now.");
        Meter.CreateObservableCounter("scalemeet_server_signaling_refused", () => Tagged(counters.Refused), unit: "{connection}",
            description: "Signaling connections refused since start, by reason (connection_limit, address_connection_limit, origin).");
        Meter.CreateObservableCounter("scalemeet_server_rate_limit_disconnects", () => counters.RateLimitDisconnects, unit: "{connection}",
            description: "Signaling connections closed since start for sending past their message rate limit.");
        Meter.CreateObservableCounter("scalemeet_server_admin_refused", () => AdminRefused(stats, metrics), unit: "{request}",
            description: "Requests to /stats and /metrics refused since start, by reason (untrusted_address: 404, invalid_token: 401).");
        Meter.CreateObservableGauge("scalemeet_server_connection_limit", () => Scoped(options.MaxConnections, options.MaxConnectionsPerAddress), unit: "{connection}",
            description: "The configured signaling connection caps, for the server (scope=server) and per client address (scope=address).");
        Meter.CreateObservableGauge("scalemeet_server_participant_limit", () => Scoped(options.MaxParticipants, options.MaxParticipantsPerAddress), unit: "{participant}",
            description: "The configured participant caps, for the server (scope=server) and per client address (scope=address).");
    }

    /// <summary>The meter (owned by the factory).</summary>
    public Meter Meter { get; }

    private static IEnumerable<Measurement<long>> Tagged(IEnumerable<KeyValuePair<string, long>> counts)
    {
        foreach (var (reason, count) in counts)
        {
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    private static Measurement<long>[] AdminRefused(AdminAccess stats, AdminAccess metrics) =>
    [
        new(stats.RefusedUntrusted + metrics.RefusedUntrusted, new KeyValuePair<string, object?>("reason", "untrusted_address")),
        new(stats.RefusedInvalidToken + metrics.RefusedInvalidToken, new KeyValuePair<string, object?>("reason", "invalid_token")),
    ];

    private static Measurement<int>[] Scoped(int server, int address) =>
    [
        new(server, new KeyValuePair<string, object?>("scope", "server")),
        new(address, new KeyValuePair<string, object?>("scope", "address")),
    ];
}
