using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// One SDES chunk (RFC 3550 §6.5): an SSRC/CSRC followed by items, each
/// <c>| type (8) | length (8) | text (length bytes) |</c>, closed by a zero type byte and zero bytes up to a
/// 32-bit boundary.
/// </summary>
public readonly ref struct SdesChunk
{
    /// <summary>Item type END: closes the item list.</summary>
    public const byte End = 0;
    /// <summary>Item type CNAME (RFC 3550 §6.5.1).</summary>
    public const byte CnameType = 1;

    private SdesChunk(uint ssrc, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        Items = items;
    }

    /// <summary>SSRC or CSRC this chunk describes.</summary>
    public uint Ssrc { get; }

    /// <summary>The raw items, the END byte excluded.</summary>
    public ReadOnlySpan<byte> Items { get; }

    /// <summary>The CNAME text (UTF-8), or empty when the chunk has none.</summary>
    public ReadOnlySpan<byte> Cname
    {
        get
        {
            foreach (var item in EnumerateItems())
            {
                if (item.Type == CnameType)
                {
                    return item.Value;
                }
            }

            return default;
        }
    }

    /// <summary>Walks the items of the chunk.</summary>
    public ItemEnumerator EnumerateItems() => new(Items);

    /// <summary>Bytes a chunk with one CNAME of <paramref name="cnameLength"/> bytes takes on the wire.</summary>
    public static int GetCnameChunkLength(int cnameLength) => (4 + 2 + cnameLength + 1 + 3) & ~3;

    /// <summary>Reads the chunk at the start of <paramref name="data"/>; <paramref name="length"/> includes padding.</summary>
    internal static bool TryRead(ReadOnlySpan<byte> data, out SdesChunk chunk, out int length)
    {
        chunk = default;
        length = 0;
        if (data.Length < 8)
        {
            return false;
        }

        var position = 4;
        while (position < data.Length)
        {
            if (data[position] == End)
            {
                length = (position + 1 + 3) & ~3;
                if (length > data.Length)
                {
                    return false;
                }

                chunk = new SdesChunk(BinaryPrimitives.ReadUInt32BigEndian(data), data[4..position]);
                return true;
            }

            if (position + 2 > data.Length)
            {
                return false;
            }

            position += 2 + data[position + 1];
        }

        return false;
    }

    /// <summary>One item of a chunk.</summary>
    public readonly ref struct Item
    {
        internal Item(byte type, ReadOnlySpan<byte> value)
        {
            Type = type;
            Value = value;
        }

        /// <summary>Item type (1 CNAME, 2 NAME, ... 8 PRIV).</summary>
        public byte Type { get; }

        /// <summary>Item text.</summary>
        public ReadOnlySpan<byte> Value { get; }
    }

    /// <summary>Walks items of a validated chunk.</summary>
    public ref struct ItemEnumerator
    {
        private ReadOnlySpan<byte> _rest;

        internal ItemEnumerator(ReadOnlySpan<byte> items)
        {
            _rest = items;
            Current = default;
        }

        /// <summary>The current item.</summary>
        public Item Current { get; private set; }

        /// <summary>Allows <c>foreach</c>.</summary>
        public readonly ItemEnumerator GetEnumerator() => this;

        /// <summary>Advances to the next item.</summary>
        public bool MoveNext()
        {
            if (_rest.Length < 2 || 2 + _rest[1] > _rest.Length)
            {
                return false;
            }

            Current = new Item(_rest[0], _rest.Slice(2, _rest[1]));
            _rest = _rest[(2 + _rest[1])..];
            return true;
        }
    }
}
