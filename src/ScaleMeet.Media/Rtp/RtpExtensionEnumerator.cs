namespace ScaleMeet.Media.Rtp;

/// <summary>
/// Walks the elements of an RTP header extension block (RFC 8285).
/// <code>
/// One-byte header (profile 0xBEDE, §4.2)      Two-byte header (profile 0x100 + appbits, §4.3)
///  0 1 2 3 4 5 6 7                             0                   1
/// +-+-+-+-+-+-+-+-+                            0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
/// |  ID   | len-1 | data (len bytes)...       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// +-+-+-+-+-+-+-+-+                           |       ID      |     length    | data (length bytes)...
///                                             +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// A zero byte where an element would start is padding. In the one-byte form, ID 15 ends processing. An
/// element running past the block ends the enumeration (the elements before it are still returned).
/// </summary>
public ref struct RtpExtensionEnumerator
{
    /// <summary>"Defined by profile" value of the one-byte header form.</summary>
    public const ushort OneByteProfile = 0xBEDE;

    private readonly ReadOnlySpan<byte> _elements;
    private readonly bool _twoByte;
    private int _position;
    private RtpExtension _current;

    /// <summary>Enumerates <paramref name="elements"/> (the bytes after the 4-byte extension header).</summary>
    public RtpExtensionEnumerator(ReadOnlySpan<byte> elements, ushort profile)
    {
        _twoByte = IsTwoByteProfile(profile);
        _elements = profile == OneByteProfile || _twoByte ? elements : default;
        _position = 0;
        _current = default;
    }

    /// <summary>True for the two-byte header profiles 0x1000..0x100F.</summary>
    public static bool IsTwoByteProfile(ushort profile) => (profile & 0xFFF0) == 0x1000;

    /// <summary>The element found by the last successful <see cref="MoveNext"/>.</summary>
    public readonly RtpExtension Current => _current;

    /// <summary>Allows <c>foreach</c>.</summary>
    public readonly RtpExtensionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next element; false at the end of the block or at a malformed element.</summary>
    public bool MoveNext()
    {
        while (_position < _elements.Length)
        {
            var first = _elements[_position];
            if (first == 0)
            {
                _position++;
                continue;
            }

            int id, length, dataStart;
            if (_twoByte)
            {
                if (_position + 2 > _elements.Length)
                {
                    break;
                }

                id = first;
                length = _elements[_position + 1];
                dataStart = _position + 2;
            }
            else
            {
                id = first >> 4;
                if (id == 15)
                {
                    break;
                }

                if (id == 0)
                {
                    // An ID of 0 is padding whatever its length nibble says.
                    _position++;
                    continue;
                }

                length = (first & 0x0F) + 1;
                dataStart = _position + 1;
            }

            if (dataStart + length > _elements.Length)
            {
                break;
            }

            _current = new RtpExtension((byte)id, _elements.Slice(dataStart, length));
            _position = dataStart + length;
            return true;
        }

        _position = _elements.Length;
        _current = default;
        return false;
    }
}
