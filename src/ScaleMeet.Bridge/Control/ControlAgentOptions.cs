namespace ScaleMeet.Bridge.Control;

/// <summary>
/// How a bridge registers with a focus (the host fills it from <c>ScaleMeet:Control</c> and the bridge's flags).
/// Validated by the host; the agent trusts it.
/// </summary>
public sealed class ControlAgentOptions
{
    /// <summary>The id the bridge registers under (unique in the pool).</summary>
    public required string BridgeId { get; init; }

    /// <summary>The bridge's region ("" = none).</summary>
    public string Region { get; init; } = "";

    /// <summary>The software version sent in <c>hello</c>.</summary>
    public string Version { get; init; } = "1.0.0";

    /// <summary>The shared control secret; never sent, only used to sign the hello.</summary>
    public required string Secret { get; init; }

    /// <summary>
    /// Set when the bridge serves several focuses (one agent each): this agent's conferences are kept apart on the
    /// bridge by this prefix (<c>scope/conferenceId</c>), since two focuses may both have a room "demo" of generation 1.
    /// The focus never sees the prefix. Null (default): one focus, ids as they come.
    /// </summary>
    public string? ConferenceScope { get; init; }

    /// <summary>How long to wait for <c>welcome</c> after <c>hello</c>. Default 10 s.</summary>
    public TimeSpan WelcomeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait before reconnecting after a lost or refused channel; doubled up to <see cref="ReconnectMaxDelay"/>. Default 0.5 s.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between reconnection attempts. Default 10 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Events queued for the focus at most; a channel whose writer falls that far behind is closed and registered anew
    /// (the focus then treats the bridge as lost and re-invites its participants). Default 8192.
    /// </summary>
    public int MaxQueuedEvents { get; init; } = 8192;

    /// <summary>Replies kept for requests resent with the same id. Default 1024 (the focus's requests in flight are far fewer).</summary>
    public int RepliesRemembered { get; init; } = 1024;
}
