namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// The sending state of one SSRC of a <see cref="SimulcastPublisher"/>: sequence number, RTP timestamp base, the
/// clip position, and counters. Mutated on the pacing thread only, except the request flags (key frame, SSRC
/// change), which any thread may raise (Interlocked); counters and the SSRC are read from other threads with
/// <see cref="Volatile"/> reads.
/// </summary>
internal sealed class PublishedStream
{
    private int _keyFrameRequested;
    private int _active = 1;
    private long _ssrcChange = -1;
    private uint _ssrc;

    public PublishedStream(uint ssrc, string? rid, VideoClip? video, byte[] ridBytes, Random random)
    {
        _ssrc = ssrc;
        Rid = rid;
        Video = video;
        RidBytes = ridBytes;
        SequenceNumber = (ushort)random.Next(0, 0x10000);
        TimestampBase = (uint)random.NextInt64(0, 0x1_0000_0000);
        PictureId = (ushort)random.Next(0, 0x8000);
        Tl0PicIdx = (byte)random.Next(0, 0x100);
    }

    /// <summary>The SSRC packets go out with now (it changes only through <see cref="RequestSsrcChange"/>).</summary>
    public uint Ssrc => Volatile.Read(ref _ssrc);

    public string? Rid { get; }

    /// <summary>The clip of a video stream; null for audio.</summary>
    public VideoClip? Video { get; }

    /// <summary>The rid in ASCII, for the sdes:rtp-stream-id extension (empty when none).</summary>
    public byte[] RidBytes { get; }

    public ushort SequenceNumber;
    public uint TimestampBase;
    public ushort PictureId;
    public byte Tl0PicIdx;

    /// <summary>Next clip frame (video) or packet (audio) to send.</summary>
    public int Position;

    /// <summary>The next packet is the first one sent (audio: marker bit).</summary>
    public bool First = true;

    public long Packets;
    public long Bytes;
    public long Frames;
    public long KeyFrames;
    public long KeyFrameRequests;
    public long SkippedFrames;
    public long SkippedSlots;
    public long SendFailures;

    public bool Active => Volatile.Read(ref _active) != 0;

    /// <summary>Asks for the next frame sent to be a key frame. Any thread.</summary>
    public void RequestKeyFrame()
    {
        Interlocked.Exchange(ref _keyFrameRequested, 1);
        Interlocked.Increment(ref KeyFrameRequests);
    }

    /// <summary>
    /// Asks for the stream to go on under <paramref name="ssrc"/>, its sequence numbers moved by
    /// <paramref name="sequenceShift"/> (a negative shift reuses numbers the old SSRC sent), as a browser may when it
    /// restarts an encoder. Any thread; applied by <see cref="TakeSsrcChange"/>.
    /// </summary>
    public void RequestSsrcChange(uint ssrc, short sequenceShift) =>
        Interlocked.Exchange(ref _ssrcChange, ((long)ssrc << 16) | (ushort)sequenceShift);

    /// <summary>Applies a requested SSRC change, if any; true when it did. Pacing thread.</summary>
    public bool TakeSsrcChange()
    {
        var change = Interlocked.Exchange(ref _ssrcChange, -1);
        if (change < 0)
        {
            return false;
        }

        Volatile.Write(ref _ssrc, (uint)(change >> 16));
        SequenceNumber = unchecked((ushort)(SequenceNumber + (short)(ushort)change));
        return true;
    }

    /// <summary>Takes the key frame request, if any. Pacing thread.</summary>
    public bool TakeKeyFrameRequest() => Interlocked.Exchange(ref _keyFrameRequested, 0) != 0;

    /// <summary>Pauses or resumes the stream; a resumed video stream starts with a key frame. Any thread.</summary>
    public void SetActive(bool active)
    {
        if (Interlocked.Exchange(ref _active, active ? 1 : 0) == 0 && active)
        {
            Interlocked.Exchange(ref _keyFrameRequested, 1);
        }
    }

    public PublishedStreamCounters Snapshot() => new(Ssrc, Rid, Video is not null, Active, Volatile.Read(ref Packets), Volatile.Read(ref Bytes),
        Volatile.Read(ref Frames), Volatile.Read(ref KeyFrames), Volatile.Read(ref KeyFrameRequests), Volatile.Read(ref SkippedFrames),
        Volatile.Read(ref SkippedSlots), Volatile.Read(ref SendFailures));
}
