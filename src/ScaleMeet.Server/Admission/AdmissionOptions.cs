namespace ScaleMeet.Server.Admission;

/// <summary>
/// Who may hold a signaling connection and a place in a room, and how fast a connection may send. Bound from
/// <c>ScaleMeet:Http:Admission</c>; validated at start-up by <see cref="Validate"/>, which names the setting.
/// docs/security.md ("Admission control at the edge") gives the reasoning behind each default.
/// A client's "address" is its IP address as the server sees it (behind a reverse proxy: the proxy's, unless the
/// proxy is in <see cref="ServerHttpOptions.TrustedProxies"/>); IPv6 clients count by their
/// <see cref="IPv6PrefixLength"/> prefix, since one subscriber usually holds a whole /64.
/// </summary>
public sealed class AdmissionOptions
{
    public const string Section = ServerHttpOptions.Section + ":Admission";

    /// <summary>
    /// Signaling WebSockets open at once, from everyone. Default 2000. Beyond it a connection is accepted and closed
    /// at once with status 1013 (try again later) and a reason. Bounds the memory and tasks idle sockets hold.
    /// </summary>
    public int MaxConnections { get; set; } = 2000;

    /// <summary>
    /// Signaling WebSockets open at once from one address. Default 100: an office or a carrier-grade NAT puts many
    /// people behind one address, so this stops one host from taking the server's share, not one person. Beyond it:
    /// close status 1013 with a reason. Above <see cref="MaxConnections"/> it changes nothing (that cap comes first).
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 100;

    /// <summary>
    /// Participants joined at once, from everyone. Default 1000 (well above what one all-in-one process on a few
    /// cores forwards). A join beyond it is refused with <c>server_full</c>; the connection stays open.
    /// </summary>
    public int MaxParticipants { get; set; } = 1000;

    /// <summary>
    /// Participants joined at once from one address. Default 50. A participant costs the bridge an endpoint, two
    /// transports and packet caches; an idle socket costs little, so this is lower than <see cref="MaxConnectionsPerAddress"/>.
    /// Above <see cref="MaxParticipants"/> it changes nothing.
    /// </summary>
    public int MaxParticipantsPerAddress { get; set; } = 50;

    /// <summary>IPv6 clients are counted per prefix of this length. Default 64 (one home or one LAN). 32..128.</summary>
    public int IPv6PrefixLength { get; set; } = 64;

    /// <summary>
    /// Messages per second a connection may send, on average (a token bucket's rate). Default 20. The web client
    /// sends a ping every 15 s and a handful of messages per layout change, offer or mute; 20 a second is far above that.
    /// </summary>
    public double MessagesPerSecond { get; set; } = 20;

    /// <summary>
    /// Messages a connection may send at once before the rate applies (the bucket's size). Default 100: joining a big
    /// room answers many subscribe offers in a row.
    /// </summary>
    public int MessageBurst { get; set; } = 100;

    /// <summary>
    /// A connection that had this many messages refused with <c>rate_limited</c> without once letting its bucket fill
    /// up again is closed (status 1008, policy violation, with a reason). Default 50.
    /// </summary>
    public int RateLimitedMessagesBeforeDisconnect { get; set; } = 50;

    /// <summary>
    /// Origins besides the server's own (the scheme, host and port the request came to) whose pages may open the
    /// signaling WebSocket: <c>https://meet.example.org</c>, <c>http://localhost:3000</c>. Default empty: same origin
    /// only. A request without <c>Origin</c> (not a browser: the load tester, scripts) is accepted — a non-browser can
    /// send any Origin it likes, so the check protects browsers' users from other sites' pages, nothing more.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Returns the first problem found, naming the setting, or null when the options are usable.</summary>
    public string? Validate()
    {
        if (MaxConnections is < 1 or > 1_000_000)
        {
            return $"{Section}:MaxConnections must be 1..1000000 (was {MaxConnections})";
        }

        if (MaxConnectionsPerAddress is < 1 or > 1_000_000)
        {
            return $"{Section}:MaxConnectionsPerAddress must be 1..1000000 (was {MaxConnectionsPerAddress})";
        }

        if (MaxParticipants is < 1 or > 1_000_000)
        {
            return $"{Section}:MaxParticipants must be 1..1000000 (was {MaxParticipants})";
        }

        if (MaxParticipantsPerAddress is < 1 or > 1_000_000)
        {
            return $"{Section}:MaxParticipantsPerAddress must be 1..1000000 (was {MaxParticipantsPerAddress})";
        }

        if (IPv6PrefixLength is < 32 or > 128)
        {
            return $"{Section}:IPv6PrefixLength must be 32..128 (was {IPv6PrefixLength})";
        }

        if (!(MessagesPerSecond is >= 0.1 and <= 10_000))
        {
            return $"{Section}:MessagesPerSecond must be 0.1..10000 (was {MessagesPerSecond})";
        }

        if (MessageBurst is < 1 or > 100_000)
        {
            return $"{Section}:MessageBurst must be 1..100000 (was {MessageBurst})";
        }

        if (RateLimitedMessagesBeforeDisconnect is < 1 or > 100_000)
        {
            return $"{Section}:RateLimitedMessagesBeforeDisconnect must be 1..100000 (was {RateLimitedMessagesBeforeDisconnect})";
        }

        foreach (var origin in AllowedOrigins)
        {
            if (!OriginPolicy.TryNormalize(origin, out _))
            {
                return $"{Section}:AllowedOrigins: '{origin}' is not an origin (scheme http or https, a host, an optional port; no path, such as https://meet.example.org)";
            }
        }

        return null;
    }
}
