namespace ScaleMeet.Media.Stun;

/// <summary>
/// Packs and unpacks the 14-bit STUN message type (RFC 8489 §5, Figure 3): the 12 method bits
/// M11..M0 are interleaved with the two class bits C1 C0.
/// <code>
///  0                 1
///  2  3  4 5 6 7 8 9 0 1 2 3 4 5
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
/// |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal static class StunMessageType
{
    /// <summary>The Binding method (RFC 8489 §18.2), the only one ICE uses.</summary>
    public const ushort BindingMethod = 0x001;

    public static ushort Encode(ushort method, StunClass stunClass)
    {
        int c = (int)stunClass;
        return (ushort)((method & 0x000F)
            | ((method & 0x0070) << 1)
            | ((method & 0x0F80) << 2)
            | ((c & 0b01) << 4)
            | ((c & 0b10) << 7));
    }

    public static ushort GetMethod(ushort type) =>
        (ushort)((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));

    public static StunClass GetClass(ushort type) =>
        (StunClass)(((type >> 4) & 0b01) | ((type >> 7) & 0b10));
}
