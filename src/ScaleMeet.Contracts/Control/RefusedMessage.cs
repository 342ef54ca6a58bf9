namespace ScaleMeet.Contracts.Control;

/// <summary>
/// The focus refused a <see cref="HelloMessage"/> and closes the channel. <paramref name="Reason"/> is one of
/// <see cref="RefusalReasons"/>; <paramref name="Message"/> says it for a log.
/// </summary>
public sealed record RefusedMessage(string Reason, string Message) : ControlMessage;
