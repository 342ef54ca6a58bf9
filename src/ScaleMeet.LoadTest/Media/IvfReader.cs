using System.Buffers.Binary;

namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// The IVF container (libvpx's raw frame file; what <c>ffmpeg -f ivf</c> writes), all fields little-endian.
/// <code>
/// file header (32 bytes)                         frame header (12 bytes), then the frame
///  0  "DKIF"                                       0  frame size in bytes (u32)
///  4  version (u16, 0)  6 header size (u16, 32)    4  timestamp in timebase units (u64)
///  8  codec FourCC ("VP80")                       12  frame bytes…
/// 12  width (u16)      14 height (u16)
/// 16  timebase denominator (u32, "rate")
/// 20  timebase numerator (u32, "scale")
/// 24  frame count (u32, may be wrong)  28 unused
/// </code>
/// Pure functions; never throw on bad input.
/// </summary>
public static class IvfReader
{
    /// <summary>Bytes of the file header.</summary>
    public const int FileHeaderLength = 32;

    /// <summary>Bytes of each frame header.</summary>
    public const int FrameHeaderLength = 12;

    /// <summary>
    /// Parses the file header; false unless the signature is "DKIF", the header size is at least 32 and the
    /// timebase is not zero.
    /// </summary>
    public static bool TryParseFileHeader(ReadOnlySpan<byte> file, out IvfFileHeader header)
    {
        header = default;
        if (file.Length < FileHeaderLength || !file[..4].SequenceEqual("DKIF"u8))
        {
            return false;
        }

        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(file[6..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(file[16..]);
        var scale = BinaryPrimitives.ReadUInt32LittleEndian(file[20..]);
        if (headerLength < FileHeaderLength || headerLength > file.Length || rate == 0 || scale == 0)
        {
            return false;
        }

        header = new IvfFileHeader(
            BinaryPrimitives.ReadUInt16LittleEndian(file[4..]),
            headerLength,
            BinaryPrimitives.ReadUInt32LittleEndian(file[8..]),
            BinaryPrimitives.ReadUInt16LittleEndian(file[12..]),
            BinaryPrimitives.ReadUInt16LittleEndian(file[14..]),
            rate,
            scale,
            BinaryPrimitives.ReadUInt32LittleEndian(file[24..]));
        return true;
    }

    /// <summary>
    /// Parses the frame at the start of <paramref name="data"/> (a frame header, then its bytes).
    /// <paramref name="bytesRead"/> is the header plus the frame. False when the header or the frame is cut short.
    /// </summary>
    public static bool TryParseFrame(ReadOnlySpan<byte> data, out ulong timestamp, out ReadOnlySpan<byte> frame, out int bytesRead)
    {
        timestamp = 0;
        frame = default;
        bytesRead = 0;
        if (data.Length < FrameHeaderLength)
        {
            return false;
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (size > (uint)(data.Length - FrameHeaderLength))
        {
            return false;
        }

        timestamp = BinaryPrimitives.ReadUInt64LittleEndian(data[4..]);
        frame = data.Slice(FrameHeaderLength, (int)size);
        bytesRead = FrameHeaderLength + (int)size;
        return true;
    }
}

/// <summary>An IVF file header (see <see cref="IvfReader"/>). Frame timestamps are in units of <see cref="Scale"/>/<see cref="Rate"/> seconds.</summary>
public readonly record struct IvfFileHeader(ushort Version, ushort HeaderLength, uint FourCc, ushort Width, ushort Height, uint Rate, uint Scale, uint FrameCount)
{
    /// <summary>The FourCC of VP8, "VP80" read as a little-endian u32.</summary>
    public const uint Vp8FourCc = 0x30385056;

    /// <summary>True when the codec is VP8.</summary>
    public bool IsVp8 => FourCc == Vp8FourCc;
}
