namespace ScaleMeet.Contracts.Control;

/// <summary>
/// Why a control message could not be read: <paramref name="Code"/> is <see cref="BridgeErrorCodes.Malformed"/>,
/// <see cref="BridgeErrorCodes.UnknownType"/> or <see cref="RefusalReasons.UnsupportedVersion"/>; <paramref name="Id"/> is
/// the envelope's id when it could be read (so the error reply can name it).
/// </summary>
public sealed record ControlDecodeError(string Code, string Message, long? Id);
