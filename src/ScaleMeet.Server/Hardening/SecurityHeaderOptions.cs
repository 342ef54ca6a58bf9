namespace ScaleMeet.Server.Hardening;

/// <summary>
/// The security headers every response carries. Bound from <c>ScaleMeet:Http:Headers</c>; validated by
/// <see cref="Validate"/>. <c>X-Content-Type-Options</c>, <c>Referrer-Policy</c>, <c>X-Frame-Options</c> and
/// <c>Cross-Origin-Opener-Policy</c> are fixed (they cost the web client nothing).
/// </summary>
public sealed class SecurityHeaderOptions
{
    public const string Section = ServerHttpOptions.Section + ":Headers";

    /// <summary>
    /// The web client's Content-Security-Policy: its own scripts and styles only (no inline code, no eval), media from
    /// the camera (<c>blob:</c>, <c>mediastream:</c>), the favicon as <c>data:</c>, WebSockets to its own origin,
    /// no framing. A Chromium test meets over HTTPS under it with no violation reported.
    /// </summary>
    public const string DefaultContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob: mediastream:; " +
        "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// <c>Strict-Transport-Security</c> max-age on HTTPS responses (never on plain HTTP). Default 365 days; 0 = no header.
    /// Browsers then use HTTPS for this host name on every port, so a host that keeps serving plain HTTP on another port
    /// (<c>ScaleMeet:Http:Port</c>) is unreachable over it from those browsers. Browsers ignore it for IP addresses and
    /// when the certificate was not trusted (<c>--self-signed</c>).
    /// </summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Adds <c>includeSubDomains</c> to HSTS. Default false: it would bind every other site under the domain too.</summary>
    public bool HstsIncludeSubDomains { get; set; }

    /// <summary>The Content-Security-Policy sent with every response. Default <see cref="DefaultContentSecurityPolicy"/>; empty = none.</summary>
    public string ContentSecurityPolicy { get; set; } = DefaultContentSecurityPolicy;

    /// <summary>The <c>Strict-Transport-Security</c> value, or null for none.</summary>
    public string? StrictTransportSecurity =>
        HstsMaxAge <= TimeSpan.Zero ? null
        : $"max-age={(long)HstsMaxAge.TotalSeconds}{(HstsIncludeSubDomains ? "; includeSubDomains" : string.Empty)}";

    /// <summary>Returns the first problem found, naming the setting, or null when the options are usable.</summary>
    public string? Validate()
    {
        if (HstsMaxAge < TimeSpan.Zero || HstsMaxAge > TimeSpan.FromDays(2 * 365))
        {
            return $"{Section}:HstsMaxAge must be 0 (off) to 730 days (was {HstsMaxAge})";
        }

        if (ContentSecurityPolicy.Length > 4096 || ContentSecurityPolicy.Any(c => c < ' ' || c > '~'))
        {
            return $"{Section}:ContentSecurityPolicy must be at most 4096 printable ASCII characters on one line";
        }

        return null;
    }
}
