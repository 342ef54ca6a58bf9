namespace ScaleMeet.Media.Rtp;

/// <summary>One RTP header extension element (RFC 8285 §4): its local identifier and its data.</summary>
public readonly ref struct RtpExtension
{
    /// <summary>Creates an element view.</summary>
    public RtpExtension(byte id, ReadOnlySpan<byte> value)
    {
        Id = id;
        Value = value;
    }

    /// <summary>Local identifier negotiated with a=extmap (1..14 one-byte form, 1..255 two-byte form).</summary>
    public byte Id { get; }

    /// <summary>The element data, pointing into the packet.</summary>
    public ReadOnlySpan<byte> Value { get; }
}
