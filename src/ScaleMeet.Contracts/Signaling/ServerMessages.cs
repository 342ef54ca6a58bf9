namespace ScaleMeet.Contracts.Signaling;

/// <summary>A participant as the others see it.</summary>
public sealed record ParticipantInfo(string ParticipantId, string DisplayName, bool AudioMuted, bool VideoMuted);

/// <summary>An ICE server for RTCPeerConnection's configuration (TURN credentials are short-lived).</summary>
public sealed record IceServerInfo(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);

/// <summary>
/// Reply to <see cref="JoinMessage"/>: who you are and who is already there. <paramref name="DisplayName"/> is the name the
/// others see (trimmed, or the token's <c>context.user.name</c>); <paramref name="Moderator"/> says whether this participant
/// may set the room's password; <paramref name="Locked"/> whether the room has one.
/// </summary>
public sealed record JoinedMessage(
    string ParticipantId,
    string Room,
    IReadOnlyList<ParticipantInfo> Participants,
    IReadOnlyList<IceServerInfo> IceServers,
    int ProtocolVersion,
    string? DisplayName = null,
    bool Moderator = false,
    bool Locked = false,
    string? ResumeToken = null,
    int ResumeGraceMs = 0) : SignalingMessage;

/// <summary>
/// Reply to <see cref="ResumeMessage"/>: the participant is back on this connection. <paramref name="LastRequestId"/> is
/// the <c>requestId</c> of the last message the focus handled from it (null if none): the page sends again what it sent
/// after that. The messages the page missed follow, with their <c>seq</c>.
/// </summary>
public sealed record ResumedMessage(string ParticipantId, int? LastRequestId = null) : SignalingMessage;

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

    /// <summary>The focus requires a JWT (<c>ScaleMeet:Auth:Mode</c> = <c>jwt</c>) and the join carried none.</summary>
    public const string TokenRequired = "token_required";

    /// <summary>The token is not a JWT the focus accepts: malformed, encrypted, no <c>exp</c> or <c>room</c>, a name that breaks the rules.</summary>
    public const string TokenInvalid = "token_invalid";

    /// <summary>The token's signature does not verify with the configured key, or it uses another algorithm (<c>none</c> included).</summary>
    public const string TokenBadSignature = "token_bad_signature";

    public const string TokenExpired = "token_expired";

    /// <summary>The token's <c>nbf</c> is still in the future.</summary>
    public const string TokenNotYetValid = "token_not_yet_valid";

    /// <summary>The token's <c>room</c> claim names another room (and is not <c>*</c>).</summary>
    public const string TokenWrongRoom = "token_wrong_room";

    public const string TokenWrongAudience = "token_wrong_audience";

    public const string TokenWrongIssuer = "token_wrong_issuer";

    /// <summary>The room is locked and the join carried no password.</summary>
    public const string PasswordRequired = "password_required";

    public const string WrongPassword = "wrong_password";

    /// <summary>Too many wrong passwords on this connection: the focus closes it after this error.</summary>
    public const string PasswordAttemptsExceeded = "password_attempts_exceeded";

    /// <summary>A request only a moderator may make (<c>setRoomPassword</c>).</summary>
    public const string NotModerator = "not_moderator";

    /// <summary>A <c>resume</c> the focus cannot honour: no such participant waiting, a wrong token, messages it no longer keeps.</summary>
    public const string ResumeFailed = "resume_failed";
}

/// <summary>
/// Sent to everyone in the room when a moderator (<paramref name="ParticipantId"/>) set or cleared the password; the
/// moderator's copy echoes the request id of its <see cref="SetRoomPasswordMessage"/>. The password itself is never sent.
/// </summary>
public sealed record RoomLockedMessage(bool Locked, string ParticipantId) : SignalingMessage;

/// <summary>
/// Sent to everyone in the room when <paramref name="ParticipantId"/> became a moderator: with <c>ScaleMeet:Auth:Mode</c>
/// <c>none</c>, moderation passes to the longest-present participant when the last moderator leaves.
/// </summary>
public sealed record RoleChangedMessage(string ParticipantId, bool Moderator) : SignalingMessage;

/// <summary>
/// The participant's media moved to another bridge (its bridge was lost, or it is being moved): the endpoint already
/// exists there under the same participant id. The client closes its publish and subscribe connections, sends a new
/// <c>publishOffer</c> and its <c>receiverConstraints</c>, and answers the new bridge's <c>subscribeOffer</c>s, whose
/// versions start again at 1. Nothing else changes: the room, the roster, mute states and roles stay as they are.
/// </summary>
public sealed record MovedMessage(string Reason) : SignalingMessage;

/// <summary>The participant who speaks now (from the audio-level header extension); sent to everyone in the room.</summary>
public sealed record DominantSpeakerMessage(string ParticipantId) : SignalingMessage;

/// <summary>
/// Sent to a publisher: the largest video height anyone currently receives from it. The browser stops encoding
/// simulcast layers above it (0: nobody receives its video).
/// </summary>
public sealed record SenderConstraintsMessage(int MaxHeight) : SignalingMessage;
