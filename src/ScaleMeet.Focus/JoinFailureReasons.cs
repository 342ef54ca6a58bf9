using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus;

/// <summary>
/// Why a join was refused: the <c>reason</c> tag of <c>scalemeet_focus_join_failures_total</c>. A fixed, small set
/// (one per distinct cause), finer than the signaling error code the browser receives.
/// </summary>
internal static class JoinFailureReasons
{
    /// <summary>The connection has already joined (or left) a room.</summary>
    public const string AlreadyJoined = "already_joined";

    /// <summary>The room name breaks the naming rules.</summary>
    public const string InvalidRoom = "invalid_room";

    /// <summary>The display name breaks the naming rules.</summary>
    public const string InvalidName = "invalid_name";

    /// <summary>The room holds <see cref="FocusOptions.MaxParticipantsPerRoom"/> participants already.</summary>
    public const string RoomFull = "room_full";

    /// <summary>No bridge is registered (or the selector chose none).</summary>
    public const string NoBridge = "no_bridge";

    /// <summary>The bridge refused the endpoint, failed, did not answer in time, or removed it while it joined.</summary>
    public const string BridgeError = "bridge_error";

    /// <summary>An unexpected exception while joining (answered with <c>internal</c>).</summary>
    public const string Internal = "internal";

    /// <summary>The server holds its maximum of participants (the host's admission control; answered with <c>server_full</c>).</summary>
    public const string ParticipantLimit = "participant_limit";

    /// <summary>The client's network address holds its maximum of participants (answered with <c>server_full</c>).</summary>
    public const string AddressParticipantLimit = "address_participant_limit";

    /// <summary>Mode jwt: the join carried no token.</summary>
    public const string TokenRequired = SignalingErrorCodes.TokenRequired;

    /// <summary>The token is malformed, lacks <c>exp</c> or <c>room</c>, or carries a name that breaks the rules.</summary>
    public const string TokenInvalid = SignalingErrorCodes.TokenInvalid;

    /// <summary>The token's signature does not verify, or it uses another algorithm (<c>none</c> included).</summary>
    public const string TokenBadSignature = SignalingErrorCodes.TokenBadSignature;

    public const string TokenExpired = SignalingErrorCodes.TokenExpired;

    public const string TokenNotYetValid = SignalingErrorCodes.TokenNotYetValid;

    public const string TokenWrongRoom = SignalingErrorCodes.TokenWrongRoom;

    public const string TokenWrongAudience = SignalingErrorCodes.TokenWrongAudience;

    public const string TokenWrongIssuer = SignalingErrorCodes.TokenWrongIssuer;

    /// <summary>The room is locked and the join carried no password.</summary>
    public const string PasswordRequired = SignalingErrorCodes.PasswordRequired;

    /// <summary>A wrong password, not the connection's last allowed one.</summary>
    public const string WrongPassword = SignalingErrorCodes.WrongPassword;

    /// <summary>The connection's last allowed wrong password: the connection was closed.</summary>
    public const string PasswordAttemptsExceeded = SignalingErrorCodes.PasswordAttemptsExceeded;

    /// <summary>Every reason, so each series exists (at 0) from the start.</summary>
    public static readonly string[] All =
    [
        AlreadyJoined, InvalidRoom, InvalidName, RoomFull, NoBridge, BridgeError, Internal, ParticipantLimit, AddressParticipantLimit,
        TokenRequired, TokenInvalid, TokenBadSignature, TokenExpired, TokenNotYetValid, TokenWrongRoom, TokenWrongAudience, TokenWrongIssuer,
        PasswordRequired, WrongPassword, PasswordAttemptsExceeded,
    ];
}
