namespace ScaleMeet.Server.Hardening;

/// <summary>
/// Middleware that puts the security headers on every response before anything is written
/// (<see cref="SecurityHeaderOptions"/>): Content-Security-Policy, <c>X-Content-Type-Options: nosniff</c>,
/// <c>Referrer-Policy: no-referrer</c> (a room's name is in its URL), <c>X-Frame-Options: DENY</c> (older browsers'
/// <c>frame-ancestors</c>), <c>Cross-Origin-Opener-Policy: same-origin</c>, and on HTTPS only, HSTS. The values are
/// computed once; a request costs a few header assignments.
/// </summary>
internal sealed class SecurityHeaders
{
    private readonly string? _contentSecurityPolicy;
    private readonly string? _strictTransportSecurity;

    public SecurityHeaders(SecurityHeaderOptions options)
    {
        _contentSecurityPolicy = options.ContentSecurityPolicy.Length > 0 ? options.ContentSecurityPolicy : null;
        _strictTransportSecurity = options.StrictTransportSecurity;
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (_contentSecurityPolicy is not null)
        {
            headers.ContentSecurityPolicy = _contentSecurityPolicy;
        }

        if (_strictTransportSecurity is not null && context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = _strictTransportSecurity;
        }

        return next(context);
    }
}
