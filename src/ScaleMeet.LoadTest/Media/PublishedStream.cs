namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// The sending state of one SSRC of a <see cref="SimulcastPublisher"/>: sequence number, RTP timestamp base, the
/// clip position, and counters. Mutated on the pacing thread only, except the two request flags, which any thread
/// may raise (Interlocked); counters are read from other threads with <see cref="Volatile"/> reads.
/// </summary>
internal sealed class PublishedStream
{
    private int _keyFrameRequested;
    private int _active = 1;

    public PublishedStream(uint ssrc, string? rid, VideoClip? video, byte[] ridBytes, Random random)
    {
        Ssrc = ssrc;
        Rid = rid;
        Video = video;
        RidBytes = ridBytes;
        SequenceNumber = (ushort)random.Next(0, 0x10000);
        TimestampBase = (uint)random.NextInt64(0, 0x1_0000_0000);
        PictureId = (ushort)random.Next(0, 0x8000);
        Tl0PicIdx = (byte)random.Next(0, 0x100);
    }

    public uint Ssrc { get; }

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
