using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ScaleMeet.Server.Admission;

/// <summary>
/// Which pages may open the signaling WebSocket (RFC 6455 §10.2, RFC 6454). Browsers always send <c>Origin</c> on a
/// WebSocket handshake and cannot forge it, so checking it stops another site's page from joining rooms with its
/// visitors' cameras (cross-site WebSocket hijacking). Accepted: no <c>Origin</c> (not a browser), the request's own
/// origin (scheme, host and port of the request, after trusted proxies' <c>X-Forwarded-Proto</c>), or one of
/// <see cref="AdmissionOptions.AllowedOrigins"/>. Refused: any other origin, an opaque one (<c>null</c>), several.
/// Origins compare as scheme://host:port, lower-case, with the scheme's default port filled in. Immutable; thread-safe.
/// </summary>
internal sealed class OriginPolicy
{
    private readonly HashSet<string> _allowed;

    public OriginPolicy(IEnumerable<string> allowedOrigins)
    {
        _allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in allowedOrigins)
        {
            _allowed.Add(TryNormalize(origin, out var normalized) ? normalized! : throw new FormatException($"'{origin}' is not an origin"));
        }
    }

    /// <summary>Whether <paramref name="request"/> may open the WebSocket, and why.</summary>
    public OriginDecision Check(HttpRequest request)
    {
        var values = request.Headers[HeaderNames.Origin];
        if (StringValues.IsNullOrEmpty(values))
        {
            return OriginDecision.Absent;
        }

        if (values.Count != 1 || !TryNormalize(values[0]!, out var origin))
        {
            return OriginDecision.Refused;
        }

        if (TryNormalize($"{request.Scheme}://{request.Host.Value}", out var own) && own == origin)
        {
            return OriginDecision.SameOrigin;
        }

        return _allowed.Contains(origin!) ? OriginDecision.Listed : OriginDecision.Refused;
    }

    /// <summary>
    /// <c>scheme://host:port</c> of an http(s) origin, lower-case, the default port filled in; false for anything else
    /// (another scheme, a path, a query, user info, <c>null</c>).
    /// </summary>
    public static bool TryNormalize(string text, out string? origin)
    {
        origin = null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length != 0
            || uri.AbsolutePath != "/"
            || uri.Query.Length != 0
            || uri.Fragment.Length != 0
            || uri.Host.Length == 0)
        {
            return false;
        }

        origin = $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}:{uri.Port}";
        return true;
    }
}
