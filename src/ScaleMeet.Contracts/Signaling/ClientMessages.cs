namespace ScaleMeet.Contracts.Signaling;

/// <summary>
/// First message of a session: enter <paramref name="Room"/> as <paramref name="DisplayName"/>. <paramref name="Password"/>
/// opens a locked room; <paramref name="Token"/> is the JWT the focus requires when <c>ScaleMeet:Auth:Mode</c> is <c>jwt</c>
/// (its <c>context.user.name</c>, when present, replaces <paramref name="DisplayName"/>). <see cref="ToString"/> leaves both out.
/// </summary>
public sealed record JoinMessage(string Room, string DisplayName, string? Password = null, string? Token = null) : SignalingMessage
{
    // Records print every property; a password or a token must never reach a log line or an exception message.
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append(", Room = ").Append(Room).Append(", DisplayName = ").Append(DisplayName)
            .Append(", Password = ").Append(Password is null ? "null" : "(set)")
            .Append(", Token = ").Append(Token is null ? "null" : "(set)");
        return true;
    }
}

/// <summary>
/// A moderator sets the room's password (<paramref name="Password"/> non-empty: the room is locked) or clears it (null or
/// empty: unlocked). Answered by <see cref="RoomLockedMessage"/>, refused with <c>not_moderator</c>. <see cref="ToString"/>
/// leaves the password out.
/// </summary>
public sealed record SetRoomPasswordMessage(string? Password = null) : SignalingMessage
{
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append(", Password = ").Append(string.IsNullOrEmpty(Password) ? "(none)" : "(set)");
        return true;
    }
}

/// <summary>
/// First message of a new connection after the previous one dropped: be participant <paramref name="ParticipantId"/>
/// again, proven by the <paramref name="ResumeToken"/> its <c>joined</c> carried; <paramref name="LastSeq"/> is the
/// <c>seq</c> of the last message received. Answered by <see cref="ResumedMessage"/> and the messages missed, or refused
/// with <c>resume_failed</c> (the page then joins anew). <see cref="ToString"/> leaves the token out.
/// </summary>
public sealed record ResumeMessage(string ParticipantId, string ResumeToken, long LastSeq) : SignalingMessage
{
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append(", ParticipantId = ").Append(ParticipantId).Append(", ResumeToken = (set), LastSeq = ").Append(LastSeq);
        return true;
    }
}

/// <summary>The browser's offer for its publish peer connection; answered by <see cref="PublishAnswerMessage"/>.</summary>
public sealed record PublishOfferMessage(string Sdp) : SignalingMessage;

/// <summary>The browser's answer to the <see cref="SubscribeOfferMessage"/> with the same <paramref name="Version"/>.</summary>
public sealed record SubscribeAnswerMessage(string Sdp, int Version) : SignalingMessage;

/// <summary>The sender's own mute state, relayed to everyone else as <see cref="ParticipantMutedMessage"/>.</summary>
public sealed record SetMutedMessage(bool AudioMuted, bool VideoMuted) : SignalingMessage;

/// <summary>Leave the room; the focus frees the participant and closes the socket.</summary>
public sealed record LeaveMessage : SignalingMessage;

/// <summary>Application keepalive; answered by <see cref="PongMessage"/>.</summary>
public sealed record PingMessage : SignalingMessage;

/// <summary>
/// What video the receiver wants (Jitsi's ReceiverVideoConstraints, keyed by participant id): at most
/// <paramref name="LastN"/> video sources (−1 = all), the participants shown on stage (highest priority, their
/// preferred resolution first), and per participant the height it is displayed at. Sources not listed in
/// <paramref name="Constraints"/> get <paramref name="DefaultMaxHeight"/>; a height of 0 means "do not send".
/// </summary>
public sealed record ReceiverConstraintsMessage(
    int LastN,
    IReadOnlyList<string> OnStage,
    int DefaultMaxHeight,
    IReadOnlyDictionary<string, VideoConstraint> Constraints) : SignalingMessage;

/// <summary>The largest video height the receiver wants from one source.</summary>
public sealed record VideoConstraint(int MaxHeight);
