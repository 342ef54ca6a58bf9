namespace ScaleMeet.Media.Stun;

/// <summary>One attribute TLV (RFC 8489 §14): its type, its unpadded value and where its header starts.</summary>
internal readonly ref struct StunAttribute
{
    public StunAttribute(ushort type, ReadOnlySpan<byte> value, int offset)
    {
        Type = type;
        Value = value;
        Offset = offset;
    }

    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of the attribute header from the start of the message.</summary>
    public int Offset { get; }
}
