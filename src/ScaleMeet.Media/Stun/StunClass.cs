namespace ScaleMeet.Media.Stun;

/// <summary>
/// The class bits C1 C0 of a STUN message type (RFC 8489 §5).
/// </summary>
internal enum StunClass : byte
{
    Request = 0b00,
    Indication = 0b01,
    SuccessResponse = 0b10,
    ErrorResponse = 0b11,
}
