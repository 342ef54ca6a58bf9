using System.Buffers.Binary;

namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// One Ogg page (RFC 3533 §6), all fields little-endian.
/// <code>
///  0  "OggS"            4 version (0)       5 header type (1 continued, 2 first page, 4 last page)
///  6  granule position (i64)   14 stream serial number (u32)   18 page sequence number (u32)
/// 22  CRC-32 (u32, poly 0x04C11DB7, over the page with this field zeroed)
/// 26  segment count (u8)       27 lacing values (one byte per segment), then the body
/// </code>
/// A packet is the concatenation of segments up to and including the first lacing value below 255; a page
/// whose last lacing value is 255 leaves its last packet open, to be continued by the next page (header type 1).
/// Pure functions; never throw on bad input.
/// </summary>
public readonly struct OggPage
{
    /// <summary>Bytes before the lacing values.</summary>
    public const int FixedHeaderLength = 27;

    private OggPage(byte headerType, long granulePosition, uint serial, uint sequence, int segmentCount, int length)
    {
        HeaderType = headerType;
        GranulePosition = granulePosition;
        Serial = serial;
        Sequence = sequence;
        SegmentCount = segmentCount;
        Length = length;
    }

    /// <summary>Header type flags.</summary>
    public byte HeaderType { get; }

    /// <summary>The page continues a packet begun on the previous page.</summary>
    public bool IsContinued => (HeaderType & 0x01) != 0;

    /// <summary>First page of its logical stream.</summary>
    public bool IsFirst => (HeaderType & 0x02) != 0;

    /// <summary>Last page of its logical stream.</summary>
    public bool IsLast => (HeaderType & 0x04) != 0;

    /// <summary>Codec-defined position (for Opus: 48 kHz samples, pre-skip included).</summary>
    public long GranulePosition { get; }

    /// <summary>Logical stream serial number.</summary>
    public uint Serial { get; }

    /// <summary>Page sequence number within the stream.</summary>
    public uint Sequence { get; }

    /// <summary>Number of lacing values.</summary>
    public int SegmentCount { get; }

    /// <summary>Bytes of the whole page (header, lacing values, body).</summary>
    public int Length { get; }

    /// <summary>Offset of the first lacing value within the page.</summary>
    public static int LacingOffset => FixedHeaderLength;

    /// <summary>Offset of the body within the page.</summary>
    public int BodyOffset => FixedHeaderLength + SegmentCount;

    /// <summary>
    /// Parses the page at the start of <paramref name="data"/>; false when the capture pattern or version is
    /// wrong, the page is cut short, or (with <paramref name="verifyCrc"/>) its CRC does not match.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out OggPage page, bool verifyCrc = true)
    {
        page = default;
        if (data.Length < FixedHeaderLength || !data[..4].SequenceEqual("OggS"u8) || data[4] != 0)
        {
            return false;
        }

        var segments = data[26];
        if (data.Length < FixedHeaderLength + segments)
        {
            return false;
        }

        var bodyLength = 0;
        foreach (var lacing in data.Slice(FixedHeaderLength, segments))
        {
            bodyLength += lacing;
        }

        var length = FixedHeaderLength + segments + bodyLength;
        if (data.Length < length)
        {
            return false;
        }

        if (verifyCrc && OggCrc.Compute(data[..length]) != BinaryPrimitives.ReadUInt32LittleEndian(data[22..]))
        {
            return false;
        }

        page = new OggPage(data[5], BinaryPrimitives.ReadInt64LittleEndian(data[6..]), BinaryPrimitives.ReadUInt32LittleEndian(data[14..]),
            BinaryPrimitives.ReadUInt32LittleEndian(data[18..]), segments, length);
        return true;
    }
}

/// <summary>The Ogg CRC-32: polynomial 0x04C11DB7, initial value 0, not reflected, no final xor, CRC field taken as zero.</summary>
internal static class OggCrc
{
    private static readonly uint[] s_table = BuildTable();

    /// <summary>The CRC of a whole page, computing bytes 22..25 (the CRC field) as zeros.</summary>
    public static uint Compute(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        for (var i = 0; i < page.Length; i++)
        {
            var b = i is >= 22 and < 26 ? (byte)0 : page[i];
            crc = (crc << 8) ^ s_table[(crc >> 24) ^ b];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var r = i << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}
