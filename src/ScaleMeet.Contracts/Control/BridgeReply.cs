namespace ScaleMeet.Contracts.Control;

/// <summary>A bridge's reply to one <see cref="BridgeRequest"/>.</summary>
public abstract record BridgeReply : ControlMessage;

public sealed record OkReply : BridgeReply
{
    public static readonly OkReply Instance = new();
}

public sealed record PublishAnswerReply(string Sdp) : BridgeReply;

/// <summary>The request failed; <paramref name="Code"/> is one of <see cref="BridgeErrorCodes"/>.</summary>
public sealed record BridgeErrorReply(string Code, string Message) : BridgeReply;

public static class BridgeErrorCodes
{
    public const string UnknownEndpoint = "unknown_endpoint";
    public const string AlreadyExists = "already_exists";
    public const string BadSdp = "bad_sdp";
    public const string OutOfOrder = "out_of_order";
    public const string ShuttingDown = "shutting_down";
    public const string Internal = "internal";

    /// <summary>A relay request whose parameters cannot be used (an address, a key, an id out of range).</summary>
    public const string BadRelay = "bad_relay";

    /// <summary>A remote sender whose tracks cannot be taken (a kind, a payload type, an SSRC in use by another sender).</summary>
    public const string BadTracks = "bad_tracks";

    /// <summary>A bound of the bridge (documented in its options) leaves no room for what was asked.</summary>
    public const string LimitReached = "limit_reached";

    /// <summary>A control message that could not be read (not JSON, a missing field, over the size limit).</summary>
    public const string Malformed = "malformed";

    /// <summary>A control message of a type this side does not know (or not in this direction).</summary>
    public const string UnknownType = "unknown_type";
}
