namespace ScaleMeet.Media.Stun;

/// <summary>
/// STUN header constants (RFC 8489 §5, Figure 2).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |                     Transaction ID (96 bits)                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Message Length counts the bytes after the header and is a multiple of 4.
/// </summary>
internal static class StunHeader
{
    public const int Length = 20;
    public const uint MagicCookie = 0x2112A442;
    public const int TransactionIdLength = 12;
    public const int TransactionIdOffset = 8;
    public const int LengthOffset = 2;

    /// <summary>Each attribute: 2-byte type, 2-byte value length, value padded to 4 bytes (§14).</summary>
    public const int AttributeHeaderLength = 4;

    public static int Pad4(int length) => (length + 3) & ~3;
}
