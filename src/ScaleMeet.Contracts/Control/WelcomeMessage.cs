namespace ScaleMeet.Contracts.Control;

/// <summary>
/// The focus accepted a <see cref="HelloMessage"/>: the bridge is registered. It must send a heartbeat every
/// <paramref name="HeartbeatIntervalMs"/>; after <paramref name="MissedHeartbeatsAllowed"/> missed in a row the focus
/// counts it Lost and moves its participants away.
/// </summary>
public sealed record WelcomeMessage(string FocusId, int HeartbeatIntervalMs, int MissedHeartbeatsAllowed) : ControlMessage;
