namespace ScaleMeet.Contracts.Control;

/// <summary>
/// One control message on the wire: <c>{"v":2,"id":7,"message":{"type":…},"replyTo":3}</c> (<c>replyTo</c> omitted when null).
/// <paramref name="V"/> is the protocol version (<see cref="ControlProtocol.Version"/>); <paramref name="Id"/> is unique
/// per sender and channel (a resent request keeps its id: that is what makes requests idempotent);
/// <paramref name="ReplyTo"/> is the id of the request this answers, or null.
/// </summary>
public sealed record ControlEnvelope(int V, long Id, ControlMessage Message, long? ReplyTo = null);
