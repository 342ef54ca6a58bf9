namespace ScaleMeet.Contracts.Signaling;

/// <summary>A participant as the others see it.</summary>
public sealed record ParticipantInfo(string ParticipantId, string DisplayName, bool AudioMuted, bool VideoMuted);

/// <summary>An ICE server for RTCPeerConnection's configuration (TURN credentials are short-lived).</summary>
public sealed record IceServerInfo(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);

/// <summary>Reply to <see cref="JoinMessage"/>: who you are and who is already there.</summary>
public sealed record JoinedMessage(
    string ParticipantId,
    string Room,
    IReadOnlyList<ParticipantInfo> Participants,
    IReadOnlyList<IceServerInfo> IceServers,
    int ProtocolVersion) : SignalingMessage;

public sealed record ParticipantJoinedMessage(ParticipantInfo Participant) : SignalingMessage;

public sealed record ParticipantLeftMessage(string ParticipantId) : SignalingMessage;

public sealed record ParticipantMutedMessage(string ParticipantId, bool AudioMuted, bool VideoMuted) : SignalingMessage;

/// <summary>The bridge's answer to the browser's publish offer.</summary>
public sealed record PublishAnswerMessage(string Sdp) : SignalingMessage;

/// <summary>One remote track in a subscribe offer: the media section <paramref name="Mid"/> carries it.</summary>
public sealed record TrackInfo(string Mid, string ParticipantId, string Kind, string TrackId);

/// <summary>
/// The bridge's (re)offer for the subscribe peer connection. <paramref name="Version"/> increases with
/// each offer; the browser answers with the same version.
/// </summary>
public sealed record SubscribeOfferMessage(string Sdp, int Version, IReadOnlyList<TrackInfo> Tracks) : SignalingMessage;

public sealed record PongMessage : SignalingMessage;

/// <summary>A request could not be served; the connection stays open unless the code says otherwise.</summary>
public sealed record ErrorMessage(string Code, string Message) : SignalingMessage;

/// <summary>The error codes of <see cref="ErrorMessage"/>.</summary>
public static class SignalingErrorCodes
{
    public const string Malformed = "malformed";
    public const string UnknownType = "unknown_type";
    public const string NotJoined = "not_joined";
    public const string AlreadyJoined = "already_joined";
    public const string OutOfOrder = "out_of_order";
    public const string InvalidRoom = "invalid_room";
    public const string InvalidName = "invalid_name";
    public const string BadSdp = "bad_sdp";
    public const string BridgeUnavailable = "bridge_unavailable";
    public const string Internal = "internal";

    /// <summary>The connection sent messages faster than its rate limit; this one was not handled (docs/protocol.md).</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>A join refused because the server, or the client's network address, holds its maximum of participants.</summary>
    public const string ServerFull = "server_full";
}

/// <summary>The participant who speaks now (from the audio-level header extension); sent to everyone in the room.</summary>
public sealed record DominantSpeakerMessage(string ParticipantId) : SignalingMessage;

/// <summary>
/// Sent to a publisher: the largest video height anyone currently receives from it. The browser stops encoding
/// simulcast layers above it (0: nobody receives its video).
/// </summary>
public sealed record SenderConstraintsMessage(int MaxHeight) : SignalingMessage;
