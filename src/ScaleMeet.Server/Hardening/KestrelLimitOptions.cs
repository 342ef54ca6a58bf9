using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ScaleMeet.Server.Hardening;

/// <summary>
/// Kestrel's own limits, set deliberately rather than left at its general-purpose defaults: the server takes no
/// request bodies, small headers and one WebSocket per participant. Bound from <c>ScaleMeet:Http:Limits</c>; validated by
/// <see cref="Validate"/>. docs/security.md explains each choice.
/// </summary>
public sealed class KestrelLimitOptions
{
    public const string Section = ServerHttpOptions.Section + ":Limits";

    /// <summary>
    /// TCP connections open at once for pages, assets and endpoints (not counting upgraded WebSockets). Default 1000
    /// (Kestrel: unlimited). Beyond it Kestrel closes new connections at once.
    /// </summary>
    public long MaxConcurrentConnections { get; set; } = 1000;

    /// <summary>
    /// Upgraded connections (WebSockets) open at once. Default 2500 (Kestrel: unlimited). Must be at least
    /// <c>ScaleMeet:Http:Admission:MaxConnections</c>, so that connections over the admission caps are refused with a
    /// close reason rather than a bare 400 from Kestrel.
    /// </summary>
    public long MaxConcurrentUpgradedConnections { get; set; } = 2500;

    /// <summary>Request line (method, path and query) in bytes. Default 8 KiB (Kestrel's). Longer: 414.</summary>
    public int MaxRequestLineSize { get; set; } = 8 * 1024;

    /// <summary>All request headers together, in bytes. Default 16 KiB (Kestrel: 32 KiB; a browser sends 1–2 KiB here). More: 431.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 16 * 1024;

    /// <summary>Request headers per request. Default 50 (Kestrel: 100). More: 431.</summary>
    public int MaxRequestHeaderCount { get; set; } = 50;

    /// <summary>Request body in bytes. Default 4 KiB (Kestrel: 30 MB): no endpoint reads a body. Larger: 413.</summary>
    public long MaxRequestBodySize { get; set; } = 4 * 1024;

    /// <summary>An idle keep-alive connection is closed after this. Default 30 s (Kestrel: 130 s).</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A client must send its request headers within this. Default 10 s (Kestrel: 30 s); slows a slowloris down.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Slowest request body and response rate, bytes per second, after <see cref="MinDataRateGracePeriod"/>; a slower
    /// client is disconnected (a slow reader cannot pin a connection and its buffers). Default 240 (Kestrel's); 0 = off.
    /// Not applied to WebSockets (their keep-alive and send queue bound them).
    /// </summary>
    public double MinDataRate { get; set; } = 240;

    /// <summary>The time a request or response gets before <see cref="MinDataRate"/> applies. Default 5 s (Kestrel's); more than 1 s.</summary>
    public TimeSpan MinDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Concurrent HTTP/2 streams per connection (HTTPS only). Default 32 (Kestrel: 100); a page loads four files.</summary>
    public int Http2MaxStreamsPerConnection { get; set; } = 32;

    /// <summary>Sets the limits on Kestrel's options.</summary>
    public void ApplyTo(KestrelServerLimits limits)
    {
        limits.MaxConcurrentConnections = MaxConcurrentConnections;
        limits.MaxConcurrentUpgradedConnections = MaxConcurrentUpgradedConnections;
        limits.MaxRequestLineSize = MaxRequestLineSize;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.MaxRequestBodySize = MaxRequestBodySize;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = MinDataRate > 0 ? new MinDataRate(MinDataRate, MinDataRateGracePeriod) : null;
        limits.MinResponseDataRate = MinDataRate > 0 ? new MinDataRate(MinDataRate, MinDataRateGracePeriod) : null;
        limits.Http2.MaxStreamsPerConnection = Http2MaxStreamsPerConnection;
    }

    /// <summary>Returns the first problem found, naming the setting, or null when the options are usable.</summary>
    public string? Validate()
    {
        if (MaxConcurrentConnections is < 1 or > 1_000_000)
        {
            return $"{Section}:MaxConcurrentConnections must be 1..1000000 (was {MaxConcurrentConnections})";
        }

        if (MaxConcurrentUpgradedConnections is < 1 or > 1_000_000)
        {
            return $"{Section}:MaxConcurrentUpgradedConnections must be 1..1000000 (was {MaxConcurrentUpgradedConnections})";
        }

        if (MaxRequestLineSize is < 256 or > 65536)
        {
            return $"{Section}:MaxRequestLineSize must be 256..65536 bytes (was {MaxRequestLineSize})";
        }

        if (MaxRequestHeadersTotalSize is < 1024 or > 1024 * 1024)
        {
            return $"{Section}:MaxRequestHeadersTotalSize must be 1024..1048576 bytes (was {MaxRequestHeadersTotalSize})";
        }

        if (MaxRequestHeaderCount is < 8 or > 1000)
        {
            return $"{Section}:MaxRequestHeaderCount must be 8..1000 (was {MaxRequestHeaderCount})";
        }

        if (MaxRequestBodySize is < 0 or > 100 * 1024 * 1024)
        {
            return $"{Section}:MaxRequestBodySize must be 0..104857600 bytes (was {MaxRequestBodySize})";
        }

        if (KeepAliveTimeout < TimeSpan.FromSeconds(1) || KeepAliveTimeout > TimeSpan.FromMinutes(10))
        {
            return $"{Section}:KeepAliveTimeout must be 1 s to 10 min (was {KeepAliveTimeout})";
        }

        if (RequestHeadersTimeout < TimeSpan.FromSeconds(1) || RequestHeadersTimeout > TimeSpan.FromMinutes(5))
        {
            return $"{Section}:RequestHeadersTimeout must be 1 s to 5 min (was {RequestHeadersTimeout})";
        }

        if (!(MinDataRate is >= 0 and <= 1e9))
        {
            return $"{Section}:MinDataRate must be 0 (off) to 1e9 bytes/s (was {MinDataRate})";
        }

        // Kestrel checks rates once a second, so a grace period of 1 s or less cannot be honoured (it refuses it).
        if (MinDataRateGracePeriod <= TimeSpan.FromSeconds(1) || MinDataRateGracePeriod > TimeSpan.FromMinutes(5))
        {
            return $"{Section}:MinDataRateGracePeriod must be more than 1 s and at most 5 min (was {MinDataRateGracePeriod})";
        }

        if (Http2MaxStreamsPerConnection is < 1 or > 1000)
        {
            return $"{Section}:Http2MaxStreamsPerConnection must be 1..1000 (was {Http2MaxStreamsPerConnection})";
        }

        return null;
    }
}
