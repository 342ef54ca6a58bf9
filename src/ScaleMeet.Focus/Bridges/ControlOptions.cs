namespace ScaleMeet.Focus.Bridges;

/// <summary>
/// The control channel between focus and bridges, section <c>ScaleMeet:Control</c> (docs/protocol.md, "Control v2").
/// Validated at start-up by <see cref="Validate"/>, which names the setting that is wrong.
/// </summary>
public sealed class ControlOptions
{
    public const string Section = "ScaleMeet:Control";

    /// <summary>
    /// The shared secret bridges prove they know (an HMAC over their id, a timestamp and a nonce; the secret itself is
    /// never sent). Required by the roles <c>focus</c> and <c>bridge</c> (also <c>--control-secret</c>); the all-in-one
    /// makes a random one for its embedded bridge when none is set, and then accepts no remote bridges. At least 16
    /// characters. Anyone holding it can register a bridge and receive media: keep it like a private key.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>How often a bridge sends its heartbeat (the focus tells it in <c>welcome</c>). Default 2 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Heartbeats in a row a bridge may miss before it is Lost and its participants are re-invited elsewhere.
    /// Default 3 (so a hung bridge is Lost within 3 × 2 s after its last heartbeat).
    /// </summary>
    public int MissedHeartbeats { get; set; } = 3;

    /// <summary>
    /// How far a hello's timestamp may be from the focus's clock (either way); nonces are remembered for that long.
    /// Default 30 s. Bridges need roughly synchronized clocks (NTP).
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A channel that sends no hello within this time is closed (<c>hello_timeout</c>). Default 5 s.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Remote bridge channels open at once, counting unauthenticated ones. Default 256.</summary>
    public int MaxBridges { get; set; } = 256;

    /// <summary>Returns the first problem found, naming the setting, or null when the options are usable.</summary>
    public string? Validate()
    {
        if (Secret is { Length: < 16 })
        {
            return $"{Section}:Secret must be at least 16 characters (was {Secret.Length})";
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromMinutes(1))
        {
            return $"{Section}:HeartbeatInterval must be between 100 ms and 1 min (was {HeartbeatInterval})";
        }

        if (MissedHeartbeats is < 1 or > 100)
        {
            return $"{Section}:MissedHeartbeats must be 1..100 (was {MissedHeartbeats})";
        }

        if (MaxClockSkew < TimeSpan.FromSeconds(1) || MaxClockSkew > TimeSpan.FromHours(1))
        {
            return $"{Section}:MaxClockSkew must be between 1 s and 1 h (was {MaxClockSkew})";
        }

        if (HelloTimeout < TimeSpan.FromMilliseconds(100) || HelloTimeout > TimeSpan.FromMinutes(1))
        {
            return $"{Section}:HelloTimeout must be between 100 ms and 1 min (was {HelloTimeout})";
        }

        if (MaxBridges is < 1 or > 10_000)
        {
            return $"{Section}:MaxBridges must be 1..10000 (was {MaxBridges})";
        }

        return null;
    }
}
