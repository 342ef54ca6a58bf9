using Microsoft.AspNetCore.HttpOverrides;
using ScaleMeet.Server.Metrics;

namespace ScaleMeet.Server.Hardening;

/// <summary>
/// <c>ScaleMeet:Http:TrustedProxies</c> as ASP.NET Core's forwarded-headers options: <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are applied only to requests whose peer is one of the configured proxies, walking the
/// <c>X-Forwarded-For</c> list from the right while the address there is a trusted proxy too; the first address that is
/// not becomes the request's remote address. The framework's default trust of loopback is removed: a proxy on the same
/// host must be listed (<c>127.0.0.1</c>) like any other. <c>X-Forwarded-Host</c> is never applied.
/// </summary>
internal static class TrustedProxies
{
    public static ForwardedHeadersOptions ForwardedHeaders(IEnumerable<string> proxies)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            ForwardLimit = null,
            RequireHeaderSymmetry = false,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            if (!MetricsAccessList.TryParseNetwork(proxy, out var network, out var problem))
            {
                throw new FormatException(problem);
            }

            options.KnownIPNetworks.Add(network);
        }

        return options;
    }
}
