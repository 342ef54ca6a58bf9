using System.Buffers.Binary;

namespace ScaleMeet.Media.Codecs;

/// <summary>
/// The VP8 payload header (RFC 7741 §4.3), the first bytes of a frame after the payload descriptor, and for
/// key frames the start code and dimensions that follow it (RFC 6386 §9.1).
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |Size0|H| VER |P|
///      +-+-+-+-+-+-+-+-+
///      |     Size1     |
///      +-+-+-+-+-+-+-+-+
///      |     Size2     |
///      +-+-+-+-+-+-+-+-+
/// key frames only (P=0):
///      | 0x9d | 0x01 | 0x2a | width (14 bits) + scale (2), LE | height (14 bits) + scale (2), LE |
/// </code>
/// Only valid at the start of partition 0 (S=1, PID=0).
/// </summary>
public readonly struct Vp8PayloadHeader
{
    /// <summary>Bytes of the payload header proper.</summary>
    public const int Size = 3;

    /// <summary>Bytes needed to read a key frame's dimensions.</summary>
    public const int KeyFrameSize = 10;

    private Vp8PayloadHeader(byte b0, int firstPartitionSize, ushort horizontal, ushort vertical)
    {
        IsKeyFrame = (b0 & 0x01) == 0;
        Version = (byte)((b0 >> 1) & 0x07);
        ShowFrame = (b0 & 0x10) != 0;
        FirstPartitionSize = firstPartitionSize;
        Width = horizontal & 0x3FFF;
        HorizontalScale = horizontal >> 14;
        Height = vertical & 0x3FFF;
        VerticalScale = vertical >> 14;
    }

    /// <summary>P = 0: a key frame (intra frame).</summary>
    public bool IsKeyFrame { get; }
    /// <summary>VER: version / profile (0..3 defined).</summary>
    public byte Version { get; }
    /// <summary>H: show frame.</summary>
    public bool ShowFrame { get; }
    /// <summary>Size of the first partition in bytes (Size0 + 8 Size1 + 2048 Size2).</summary>
    public int FirstPartitionSize { get; }
    /// <summary>Frame width in pixels (key frames only, else 0).</summary>
    public int Width { get; }
    /// <summary>Frame height in pixels (key frames only, else 0).</summary>
    public int Height { get; }
    /// <summary>Horizontal upscaling code (key frames only).</summary>
    public int HorizontalScale { get; }
    /// <summary>Vertical upscaling code (key frames only).</summary>
    public int VerticalScale { get; }

    /// <summary>
    /// Parses the header at the start of the VP8 payload (after the descriptor). Key frames need the start
    /// code and dimensions, 10 bytes in all.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> vp8Payload, out Vp8PayloadHeader header)
    {
        header = default;
        if (vp8Payload.Length < Size)
        {
            return false;
        }

        var b0 = vp8Payload[0];
        var size = ((b0 >> 5) & 0x07) | (vp8Payload[1] << 3) | (vp8Payload[2] << 11);
        if ((b0 & 0x01) != 0)
        {
            header = new Vp8PayloadHeader(b0, size, 0, 0);
            return true;
        }

        if (vp8Payload.Length < KeyFrameSize || vp8Payload[3] != 0x9D || vp8Payload[4] != 0x01 || vp8Payload[5] != 0x2A)
        {
            return false;
        }

        header = new Vp8PayloadHeader(b0, size, BinaryPrimitives.ReadUInt16LittleEndian(vp8Payload[6..]),
            BinaryPrimitives.ReadUInt16LittleEndian(vp8Payload[8..]));
        return true;
    }
}
