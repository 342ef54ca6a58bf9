using System.Net;
using Microsoft.Net.Http.Headers;

namespace ScaleMeet.Server.Hardening;

/// <summary>
/// Who may call an admin endpoint (<c>/stats</c>, <c>/metrics</c>): a request carrying <c>Authorization: Bearer</c>
/// is judged by the token alone (right: served; wrong: 401, also from loopback, so a misconfigured scraper notices);
/// a request without one is served when its address is trusted — loopback while <c>ScaleMeet:Http:TrustLoopback</c>
/// is on, and for <c>/metrics</c> the networks of <c>MetricsAllowedNetworks</c> — and gets 404 otherwise.
/// Behind a reverse proxy on the same host every request comes from loopback: turn <c>TrustLoopback</c> off, or list
/// the proxy in <c>TrustedProxies</c> so the client's own address is judged. Threading: any thread; counts atomically.
/// </summary>
internal sealed class AdminAccess
{
    private readonly Func<IPAddress?, bool> _trusted;
    private readonly AdminToken? _token;
    private long _untrusted;
    private long _invalidToken;

    public AdminAccess(Func<IPAddress?, bool> trusted, AdminToken? token)
    {
        _trusted = trusted;
        _token = token;
    }

    /// <summary>Requests refused because they came from an untrusted address without a token.</summary>
    public long RefusedUntrusted => Interlocked.Read(ref _untrusted);

    /// <summary>Requests refused because their bearer token was wrong (or no token is configured).</summary>
    public long RefusedInvalidToken => Interlocked.Read(ref _invalidToken);

    public AdminDecision Check(HttpContext context)
    {
        var authorization = context.Request.Headers[HeaderNames.Authorization];
        if (authorization.Count > 0)
        {
            if (_token is not null && authorization.Count == 1 && _token.Matches(authorization[0]))
            {
                return AdminDecision.Allowed;
            }

            Interlocked.Increment(ref _invalidToken);
            return AdminDecision.Unauthorized;
        }

        if (_trusted(context.Connection.RemoteIpAddress))
        {
            return AdminDecision.Allowed;
        }

        Interlocked.Increment(ref _untrusted);
        return AdminDecision.NotFound;
    }

    /// <summary>The response for a refused request (null when allowed).</summary>
    public static IResult? Refusal(AdminDecision decision, HttpContext context)
    {
        switch (decision)
        {
            case AdminDecision.Allowed:
                return null;
            case AdminDecision.Unauthorized:
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                return Results.Unauthorized();
            default:
                return Results.NotFound();
        }
    }
}
