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

    /// <summary>Every reason, so each series exists (at 0) from the start.</summary>
    public static readonly string[] All =
        [AlreadyJoined, InvalidRoom, InvalidName, RoomFull, NoBridge, BridgeError, Internal, ParticipantLimit, AddressParticipantLimit];
}
