namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// A VP8 clip held in memory, to be sent in a loop: every frame's bytes, whether it is a key frame, and the
/// clip's size and frame rate. Frame 0 is a key frame, so the loop point is a clean entry point.
/// Immutable, so safe to share between any number of publishers and threads.
/// </summary>
public sealed class VideoClip
{
    private readonly byte[] _data;
    private readonly int[] _offsets;
    private readonly bool[] _keyFrames;

    private VideoClip(byte[] data, int[] offsets, bool[] keyFrames, int width, int height, double framesPerSecond)
    {
        _data = data;
        _offsets = offsets;
        _keyFrames = keyFrames;
        Width = width;
        Height = height;
        FramesPerSecond = framesPerSecond;
        KeyFrameCount = keyFrames.Count(k => k);
    }

    /// <summary>Width of the key frames, pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the key frames, pixels.</summary>
    public int Height { get; }

    /// <summary>Nominal frame rate, frames per second (from the IVF timebase and frame timestamps).</summary>
    public double FramesPerSecond { get; }

    /// <summary>Number of frames.</summary>
    public int FrameCount => _keyFrames.Length;

    /// <summary>Number of key frames.</summary>
    public int KeyFrameCount { get; }

    /// <summary>Bytes of all frames together.</summary>
    public long TotalBytes => _data.Length;

    /// <summary>Length of one pass through the clip.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(FrameCount / FramesPerSecond);

    /// <summary>The bytes of frame <paramref name="index"/> (0..FrameCount-1).</summary>
    public ReadOnlySpan<byte> GetFrame(int index) => _data.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>True when frame <paramref name="index"/> is a key frame.</summary>
    public bool IsKeyFrame(int index) => _keyFrames[index];

    /// <summary>The first key frame at or after <paramref name="index"/>, wrapping to the start of the clip.</summary>
    public int NextKeyFrame(int index)
    {
        for (var i = 0; i < FrameCount; i++)
        {
            var candidate = (index + i) % FrameCount;
            if (_keyFrames[candidate])
            {
                return candidate;
            }
        }

        return 0;
    }

    /// <summary>
    /// Loads a clip from the bytes of an IVF file. False, with a reason, unless the file is VP8, has at least one
    /// frame, starts with a key frame, every frame's header is valid, and no frame is hidden (show_frame = 0,
    /// alt-ref frames: they would need special handling when looping).
    /// </summary>
    public static bool TryLoad(ReadOnlySpan<byte> ivf, out VideoClip? clip, out string? error)
    {
        clip = null;
        if (!IvfReader.TryParseFileHeader(ivf, out var header))
        {
            error = "not an IVF file";
            return false;
        }

        if (!header.IsVp8)
        {
            error = "the IVF file is not VP8";
            return false;
        }

        var offsets = new List<int> { 0 };
        var keyFrames = new List<bool>();
        var data = new List<byte>(ivf.Length);
        var rest = ivf[header.HeaderLength..];
        ulong firstTimestamp = 0, lastTimestamp = 0;
        int width = 0, height = 0;
        while (!rest.IsEmpty)
        {
            if (!IvfReader.TryParseFrame(rest, out var timestamp, out var frame, out var read))
            {
                error = $"IVF frame {keyFrames.Count} is cut short";
                return false;
            }

            if (!Vp8FrameInfo.TryParse(frame, out var info))
            {
                error = $"frame {keyFrames.Count} is not a valid VP8 frame";
                return false;
            }

            if (!info.ShowFrame)
            {
                error = $"frame {keyFrames.Count} is hidden (show_frame = 0); encode with -auto-alt-ref 0";
                return false;
            }

            if (keyFrames.Count == 0)
            {
                if (!info.IsKeyFrame)
                {
                    error = "the first frame is not a key frame";
                    return false;
                }

                (width, height, firstTimestamp) = (info.Width, info.Height, timestamp);
            }

            lastTimestamp = timestamp;
            keyFrames.Add(info.IsKeyFrame);
            data.AddRange(frame);
            offsets.Add(data.Count);
            rest = rest[read..];
        }

        if (keyFrames.Count == 0)
        {
            error = "the IVF file has no frames";
            return false;
        }

        // Frames per second from the average timestamp step (timestamps count Scale/Rate seconds).
        var ticksPerFrame = keyFrames.Count > 1 && lastTimestamp > firstTimestamp
            ? (double)(lastTimestamp - firstTimestamp) / (keyFrames.Count - 1)
            : 1.0;
        var fps = header.Rate / (header.Scale * ticksPerFrame);
        if (!(fps is > 0 and <= 240))
        {
            error = $"implausible frame rate {fps}";
            return false;
        }

        clip = new VideoClip([.. data], [.. offsets], [.. keyFrames], width, height, fps);
        error = null;
        return true;
    }
}
