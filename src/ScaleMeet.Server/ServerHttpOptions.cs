using System.Net;
using ScaleMeet.Server.Admission;
using ScaleMeet.Server.Hardening;
using ScaleMeet.Server.Metrics;

namespace ScaleMeet.Server;

/// <summary>
/// The HTTP(S) side of the server: pages, assets and the signaling WebSocket. Bound from section
/// <c>ScaleMeet:Http</c>; validated at start-up by <see cref="Validate"/>, which names the setting (and its flag).
/// </summary>
public sealed class ServerHttpOptions
{
    public const string Section = "ScaleMeet:Http";

    /// <summary>Plain HTTP port (<c>--http-port</c>). Default 8080; 0 picks a free port.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// Where HTTP(S) listens (<c>--bind</c>): <c>localhost</c> (default), <c>0.0.0.0</c>/<c>*</c> (every interface)
    /// or one IP address. The default keeps the server private to this machine; browsers only allow camera and
    /// microphone on <c>http://localhost</c> or over HTTPS anyway, so serving others needs <c>--bind 0.0.0.0</c> and
    /// a certificate (<c>--certificate</c> or <c>--self-signed</c>).
    /// </summary>
    public string BindAddress { get; set; } = "localhost";

    /// <summary>HTTPS port (<c>--https-port</c>). Default (unset) 8443 when a certificate is configured; 0 picks a free port.</summary>
    public int? HttpsPort { get; set; }

    /// <summary>PEM certificate (chain) for HTTPS (<c>--certificate</c>). Default none.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="CertificatePath"/> (<c>--certificate-key</c>); default none (key in the certificate file).</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>
    /// Serve HTTPS with a certificate generated at start-up (<c>--self-signed</c>); its SHA-256 fingerprint is
    /// printed so users can check what their browser warns about. Default false. For trials only: every start makes a new one.
    /// </summary>
    public bool SelfSigned { get; set; }

    /// <summary>Directory of the web client's files. Default (unset) <c>wwwroot</c> beside the executable.</summary>
    public string? WebRoot { get; set; }

    /// <summary>WebSocket ping interval; a client silent for as long again is dropped. Default 20 s.</summary>
    public TimeSpan WebSocketKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Messages queued for one browser; a browser that falls this far behind is disconnected. Default 256.</summary>
    public int SendQueueCapacity { get; set; } = 256;

    /// <summary>
    /// Networks besides loopback whose clients may read <c>/metrics</c> (a Prometheus server elsewhere): CIDR strings
    /// such as <c>10.0.0.0/8</c> or <c>fd00::/8</c>, or single addresses. Default empty: loopback only; others get 404.
    /// The metrics reveal load and room counts, not names; still, allow only the monitoring network.
    /// </summary>
    public string[] MetricsAllowedNetworks { get; set; } = [];

    /// <summary>
    /// A bearer token that opens <c>/stats</c> and <c>/metrics</c> from anywhere (<c>Authorization: Bearer &lt;token&gt;</c>).
    /// Default none. At least 16 characters; compared in fixed time; never logged. A wrong token gets 401.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// Loopback clients may read <c>/stats</c> and <c>/metrics</c> without a token. Default true. Behind a reverse proxy
    /// on the same host every request comes from loopback, so either turn this off or list the proxy in
    /// <see cref="TrustedProxies"/> (then the client's own address counts).
    /// </summary>
    public bool TrustLoopback { get; set; } = true;

    /// <summary>
    /// Reverse proxies (CIDR or addresses) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: a request
    /// from one of them counts as coming from the last address in <c>X-Forwarded-For</c> that is not itself a trusted
    /// proxy (for the per-address caps, loopback trust and the Origin check's scheme). Default empty: the headers are
    /// ignored from everyone, and behind a proxy every client shares the proxy's address and per-address caps.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Connection and participant caps, the message rate limit and allowed origins (<c>ScaleMeet:Http:Admission</c>).</summary>
    public AdmissionOptions Admission { get; set; } = new();

    /// <summary>Kestrel's connection, header, body, timeout and data-rate limits (<c>ScaleMeet:Http:Limits</c>).</summary>
    public KestrelLimitOptions Limits { get; set; } = new();

    /// <summary>HSTS and the Content-Security-Policy (<c>ScaleMeet:Http:Headers</c>).</summary>
    public SecurityHeaderOptions Headers { get; set; } = new();

    public bool HttpsEnabled => CertificatePath is not null || SelfSigned;

    public int EffectiveHttpsPort => HttpsPort ?? 8443;

    public string? Validate()
    {
        if (Port is < 0 or > 65535)
        {
            return $"{Section}:Port (--http-port) must be 0..65535 (was {Port})";
        }

        if (HttpsPort is < 0 or > 65535)
        {
            return $"{Section}:HttpsPort (--https-port) must be 0..65535 (was {HttpsPort})";
        }

        if (!IsBindAddress(BindAddress))
        {
            return $"{Section}:BindAddress (--bind) must be localhost, 0.0.0.0, * or an IP address (was '{BindAddress}')";
        }

        if (HttpsPort is not null && !HttpsEnabled)
        {
            return $"{Section}:HttpsPort (--https-port) needs a certificate: give --certificate (and --certificate-key) or --self-signed";
        }

        if (HttpsEnabled && HttpsPort is { } https && https != 0 && https == Port)
        {
            return $"{Section}:HttpsPort (--https-port) must differ from {Section}:Port (both {Port})";
        }

        if (CertificateKeyPath is not null && CertificatePath is null)
        {
            return $"{Section}:CertificateKeyPath (--certificate-key) needs {Section}:CertificatePath (--certificate)";
        }

        if (CertificatePath is not null && SelfSigned)
        {
            return $"{Section}:CertificatePath (--certificate) and {Section}:SelfSigned (--self-signed) exclude each other";
        }

        if (CertificatePath is not null && !File.Exists(CertificatePath))
        {
            return $"{Section}:CertificatePath (--certificate): file '{CertificatePath}' does not exist";
        }

        if (CertificateKeyPath is not null && !File.Exists(CertificateKeyPath))
        {
            return $"{Section}:CertificateKeyPath (--certificate-key): file '{CertificateKeyPath}' does not exist";
        }

        if (WebSocketKeepAliveInterval < TimeSpan.FromSeconds(1))
        {
            return $"{Section}:WebSocketKeepAliveInterval must be at least 1 s (was {WebSocketKeepAliveInterval})";
        }

        if (SendQueueCapacity is < 8 or > 65536)
        {
            return $"{Section}:SendQueueCapacity must be 8..65536 (was {SendQueueCapacity})";
        }

        foreach (var network in MetricsAllowedNetworks)
        {
            if (!MetricsAccessList.TryParseNetwork(network, out _, out var problem))
            {
                return $"{Section}:MetricsAllowedNetworks: {problem}";
            }
        }

        // The message names the length only: the token itself never goes into a log or an error line.
        if (AdminToken is not null && (AdminToken.Length is < 16 or > 1024 || AdminToken.Any(c => c <= ' ' || c == 0x7F)))
        {
            return $"{Section}:AdminToken must be 16..1024 characters without spaces or control characters (was {AdminToken.Length} characters)";
        }

        foreach (var proxy in TrustedProxies)
        {
            if (!MetricsAccessList.TryParseNetwork(proxy, out _, out var problem))
            {
                return $"{Section}:TrustedProxies: {problem}";
            }
        }

        var limits = Admission.Validate() ?? Limits.Validate() ?? Headers.Validate();
        if (limits is not null)
        {
            return limits;
        }

        if (Limits.MaxConcurrentUpgradedConnections < Admission.MaxConnections)
        {
            return $"{KestrelLimitOptions.Section}:MaxConcurrentUpgradedConnections ({Limits.MaxConcurrentUpgradedConnections}) must be at least " +
                $"{AdmissionOptions.Section}:MaxConnections ({Admission.MaxConnections}), or connections over the caps get no close reason";
        }

        return null;
    }

    private static bool IsBindAddress(string value) =>
        value is "localhost" or "*" || IPAddress.TryParse(value, out _);
}
