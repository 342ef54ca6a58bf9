using ScaleMeet.Media.Codecs;

namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// What the first bytes of a VP8 frame say (RFC 6386 §9.1): the 3-byte frame tag (key frame bit — 0 means key
/// frame —, version, show_frame, first partition size) and, for key frames, the start code 9d 01 2a and the
/// 14-bit width and height. The same bytes are the VP8 payload header of RFC 7741 §4.3, so this reads them with
/// <see cref="Vp8PayloadHeader"/>.
/// </summary>
public readonly record struct Vp8FrameInfo(bool IsKeyFrame, bool ShowFrame, int Version, int FirstPartitionSize, int Width, int Height)
{
    /// <summary>
    /// Inspects a whole VP8 frame; false when it is too short for its tag (or, for a key frame, its start code and
    /// size), when a key frame's start code is wrong, or when the first partition claims more bytes than the frame has.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out Vp8FrameInfo info)
    {
        info = default;
        if (!Vp8PayloadHeader.TryParse(frame, out var header))
        {
            return false;
        }

        var tagLength = header.IsKeyFrame ? Vp8PayloadHeader.KeyFrameSize : Vp8PayloadHeader.Size;
        if (header.FirstPartitionSize > frame.Length - tagLength)
        {
            return false;
        }

        info = new Vp8FrameInfo(header.IsKeyFrame, header.ShowFrame, header.Version, header.FirstPartitionSize, header.Width, header.Height);
        return true;
    }
}
