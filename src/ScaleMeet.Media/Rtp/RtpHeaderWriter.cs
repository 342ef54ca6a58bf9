using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtp;

/// <summary>
/// Writes a fresh RTP header (RFC 3550 §5.1) and, optionally, a one-byte-header extension block
/// (RFC 8285 §4.2, profile 0xBEDE) padded with zero bytes to a 32-bit boundary.
/// Call <see cref="WriteFixedHeader"/>, then <see cref="AddExtension"/> for each element, then
/// <see cref="Finish"/>, which returns the header length: the payload goes at that offset.
/// Misuse (call order, identifiers, element sizes, a destination too small) throws: buffers are sized by
/// the caller, so running out of room is a programming error, not bad input.
/// </summary>
public ref struct RtpHeaderWriter
{
    private readonly Span<byte> _dest;
    private int _length;
    private int _extensionStart;
    private bool _headerWritten;
    private bool _finished;

    /// <summary>Writes into <paramref name="dest"/> from offset 0.</summary>
    public RtpHeaderWriter(Span<byte> dest)
    {
        _dest = dest;
        _length = 0;
        _extensionStart = -1;
        _headerWritten = false;
        _finished = false;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>Writes the 12-byte fixed header and up to 15 CSRCs; V=2, P=0, X set later if needed.</summary>
    public void WriteFixedHeader(bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc,
        ReadOnlySpan<uint> csrcs = default)
    {
        if (_headerWritten)
        {
            throw new InvalidOperationException("The fixed header is already written.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(csrcs.Length, 15, nameof(csrcs));
        var length = RtpHeader.FixedHeaderLength + (4 * csrcs.Length);
        EnsureRoom(length);

        _dest[0] = (byte)(0x80 | csrcs.Length);
        _dest[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(_dest[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(_dest[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(_dest[8..], ssrc);
        for (var i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_dest[(RtpHeader.FixedHeaderLength + (4 * i))..], csrcs[i]);
        }

        _length = length;
        _headerWritten = true;
    }

    /// <summary>Appends a one-byte-header element: <paramref name="id"/> 1..14, 1..16 bytes of value.</summary>
    public void AddExtension(byte id, ReadOnlySpan<byte> value)
    {
        if (!_headerWritten || _finished)
        {
            throw new InvalidOperationException("Extensions go after WriteFixedHeader and before Finish.");
        }

        ArgumentOutOfRangeException.ThrowIfZero(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(id, (byte)14);
        ArgumentOutOfRangeException.ThrowIfZero(value.Length, nameof(value));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Length, 16, nameof(value));

        if (_extensionStart < 0)
        {
            EnsureRoom(_length + 4 + 1 + value.Length);
            BinaryPrimitives.WriteUInt16BigEndian(_dest[_length..], RtpExtensionEnumerator.OneByteProfile);
            _extensionStart = _length + 4;
            _length = _extensionStart;
        }
        else
        {
            EnsureRoom(_length + 1 + value.Length);
        }

        _dest[_length] = (byte)((id << 4) | (value.Length - 1));
        value.CopyTo(_dest[(_length + 1)..]);
        _length += 1 + value.Length;
    }

    /// <summary>Pads and closes the extension block, sets X, and returns the header length.</summary>
    public int Finish()
    {
        if (!_headerWritten)
        {
            throw new InvalidOperationException("WriteFixedHeader was not called.");
        }

        if (_finished)
        {
            return _length;
        }

        if (_extensionStart >= 0)
        {
            var padded = _extensionStart + ((_length - _extensionStart + 3) & ~3);
            EnsureRoom(padded);
            _dest[_length..padded].Clear();
            _length = padded;
            BinaryPrimitives.WriteUInt16BigEndian(_dest[(_extensionStart - 2)..], (ushort)((_length - _extensionStart) / 4));
            _dest[0] |= 0x10;
        }

        _finished = true;
        return _length;
    }

    private readonly void EnsureRoom(int length)
    {
        if (length > _dest.Length)
        {
            throw new ArgumentException($"The destination holds {_dest.Length} bytes; the header needs {length}.");
        }
    }
}
