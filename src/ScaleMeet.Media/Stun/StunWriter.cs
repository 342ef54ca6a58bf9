using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace ScaleMeet.Media.Stun;

/// <summary>
/// Builds one STUN message in a caller's buffer (RFC 8489 §5, §14): header first, then
/// attributes in call order, each padded to 4 bytes. The header's Message Length is kept current
/// after every attribute, which is what MESSAGE-INTEGRITY (§14.5) and FINGERPRINT (§14.7) need:
/// add them last, in that order. Running out of room is sticky: every later call does nothing and
/// <see cref="TryComplete"/> returns false. Allocates nothing.
/// </summary>
internal ref struct StunWriter
{
    private readonly Span<byte> _buffer;
    private readonly byte _padding;
    private int _length;
    private bool _overflowed;

    /// <param name="buffer">Destination; the message starts at its first byte.</param>
    /// <param name="method">STUN method, e.g. <see cref="StunMessageType.BindingMethod"/>.</param>
    /// <param name="stunClass">Request, indication, success or error response.</param>
    /// <param name="transactionId">12 bytes; a response copies the request's.</param>
    /// <param name="padding">Padding byte value; receivers ignore it (§14), 0 unless reproducing a vector.</param>
    public StunWriter(Span<byte> buffer, ushort method, StunClass stunClass, ReadOnlySpan<byte> transactionId, byte padding = 0)
    {
        _buffer = buffer;
        _padding = padding;
        _length = StunHeader.Length;
        _overflowed = buffer.Length < StunHeader.Length || transactionId.Length != StunHeader.TransactionIdLength;
        if (_overflowed)
        {
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessageType.Encode(method, stunClass));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(StunHeader.LengthOffset), 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(4), StunHeader.MagicCookie);
        transactionId.CopyTo(buffer.Slice(StunHeader.TransactionIdOffset));
    }

    /// <summary>Bytes written so far (header included).</summary>
    public readonly int Length => _length;

    public readonly bool HasOverflowed => _overflowed;

    /// <summary>Adds an attribute and returns its value area to fill (empty when out of room or malformed).</summary>
    public Span<byte> AddAttribute(ushort type, int valueLength)
    {
        int padded = StunHeader.Pad4(valueLength);
        int total = StunHeader.AttributeHeaderLength + padded;
        if (_overflowed || valueLength < 0 || valueLength > ushort.MaxValue
            || total > _buffer.Length - _length || _length + total - StunHeader.Length > ushort.MaxValue)
        {
            _overflowed = true;
            return default;
        }

        Span<byte> attribute = _buffer.Slice(_length, total);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute.Slice(2), (ushort)valueLength);
        attribute.Slice(StunHeader.AttributeHeaderLength + valueLength).Fill(_padding);
        _length += total;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(StunHeader.LengthOffset), (ushort)(_length - StunHeader.Length));
        return attribute.Slice(StunHeader.AttributeHeaderLength, valueLength);
    }

    public void AddBytes(ushort type, scoped ReadOnlySpan<byte> value) => value.CopyTo(AddAttribute(type, value.Length));

    /// <summary>Zero-length attribute, e.g. USE-CANDIDATE (RFC 8445 §16.1).</summary>
    public void AddFlag(ushort type) => AddAttribute(type, 0);

    /// <summary>4-byte value, e.g. PRIORITY (RFC 8445 §16.1).</summary>
    public void AddUInt32(ushort type, uint value)
    {
        Span<byte> span = AddAttribute(type, 4);
        if (!span.IsEmpty)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
    }

    /// <summary>8-byte value, e.g. the ICE-CONTROLLING / ICE-CONTROLLED tiebreaker (RFC 8445 §16.1).</summary>
    public void AddUInt64(ushort type, ulong value)
    {
        Span<byte> span = AddAttribute(type, 8);
        if (!span.IsEmpty)
        {
            BinaryPrimitives.WriteUInt64BigEndian(span, value);
        }
    }

    /// <summary>UTF-8 text, e.g. USERNAME or SOFTWARE.</summary>
    public void AddString(ushort type, string value)
    {
        Span<byte> span = AddAttribute(type, Encoding.UTF8.GetByteCount(value));
        if (!span.IsEmpty)
        {
            Encoding.UTF8.GetBytes(value, span);
        }
    }

    /// <summary>XOR-MAPPED-ADDRESS (§14.2) of <paramref name="endpoint"/>, xor-ed with this message's transaction id.</summary>
    public void AddXorMappedAddress(IPEndPoint endpoint)
    {
        Span<byte> span = AddAttribute(StunAttributeType.XorMappedAddress, StunXorMappedAddress.GetValueLength(endpoint));
        if (!_overflowed)
        {
            ReadOnlySpan<byte> transactionId = _buffer.Slice(StunHeader.TransactionIdOffset, StunHeader.TransactionIdLength);
            _overflowed = !StunXorMappedAddress.TryWrite(span, endpoint, transactionId, out _);
        }
    }

    /// <summary>ERROR-CODE (§14.8); <paramref name="code"/> in 300..699.</summary>
    public void AddErrorCode(int code, string reason)
    {
        Span<byte> span = AddAttribute(StunAttributeType.ErrorCode, StunErrorCode.GetValueLength(reason));
        if (!_overflowed)
        {
            _overflowed = !StunErrorCode.TryWrite(span, code, reason, out _);
        }
    }

    /// <summary>UNKNOWN-ATTRIBUTES (§14.9): the 16-bit types a 420 response lists.</summary>
    public void AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        Span<byte> span = AddAttribute(StunAttributeType.UnknownAttributes, types.Length * 2);
        for (int i = 0; !_overflowed && i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span.Slice(i * 2), types[i]);
        }
    }

    /// <summary>MESSAGE-INTEGRITY (§14.5) keyed with <paramref name="key"/>; add after every covered attribute.</summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        int offset = _length;
        Span<byte> span = AddAttribute(StunAttributeType.MessageIntegrity, StunMessageIntegrity.HmacLength);
        if (!_overflowed)
        {
            // The length field already counts this attribute, exactly as §14.5 asks.
            StunMessageIntegrity.Compute(_buffer.Slice(0, offset), key, span);
        }
    }

    /// <summary>FINGERPRINT (§14.7); must be the last attribute.</summary>
    public void AddFingerprint()
    {
        int offset = _length;
        Span<byte> span = AddAttribute(StunAttributeType.Fingerprint, 4);
        if (!_overflowed)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, StunFingerprint.Compute(_buffer.Slice(0, offset)));
        }
    }

    /// <summary>The message length in bytes; false when anything did not fit.</summary>
    public readonly bool TryComplete(out int written)
    {
        written = _overflowed ? 0 : _length;
        return !_overflowed;
    }
}
