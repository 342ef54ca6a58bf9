namespace ScaleMeet.Contracts.Signaling;

/// <summary>First message of a session: enter <paramref name="Room"/> as <paramref name="DisplayName"/>.</summary>
public sealed record JoinMessage(string Room, string DisplayName, string? Password = null, string? Token = null) : SignalingMessage;

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
