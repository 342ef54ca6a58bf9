using System.Buffers.Binary;

namespace ScaleMeet.Media.Stun;

/// <summary>
/// Walks the attributes after the 20-byte header (RFC 8489 §14): 2-byte type, 2-byte value
/// length, value, zero to three padding bytes to the next 4-byte boundary. Stops at the end of
/// the span or at the first attribute that does not fit (then <see cref="IsComplete"/> is false).
/// </summary>
internal ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;
    private StunAttribute _current;

    /// <param name="message">The message from its first header byte; attributes start at offset 20.</param>
    public StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunHeader.Length;
        _current = default;
    }

    public readonly StunAttribute Current => _current;

    /// <summary>True once every byte was consumed by well-formed attributes.</summary>
    public readonly bool IsComplete => _next == _message.Length;

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        int remaining = _message.Length - _next;
        if (remaining < StunHeader.AttributeHeaderLength)
        {
            return false;
        }

        ReadOnlySpan<byte> header = _message.Slice(_next);
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(header);
        int valueLength = BinaryPrimitives.ReadUInt16BigEndian(header.Slice(2));
        int padded = StunHeader.Pad4(valueLength);
        if (padded > remaining - StunHeader.AttributeHeaderLength)
        {
            return false;
        }

        _current = new StunAttribute(type, header.Slice(StunHeader.AttributeHeaderLength, valueLength), _next);
        _next += StunHeader.AttributeHeaderLength + padded;
        return true;
    }
}
