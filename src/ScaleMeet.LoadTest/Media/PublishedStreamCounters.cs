namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// What a publisher has sent on one SSRC so far. <see cref="Bytes"/> counts whole RTP packets (headers included,
/// before SRTP). <see cref="SkippedSlots"/> counts frame or packet times that passed without a send because the
/// caller fell behind by more than the allowed lag; <see cref="SkippedFrames"/> clip frames jumped over to reach a
/// key frame.
/// </summary>
public readonly record struct PublishedStreamCounters(
    uint Ssrc,
    string? Rid,
    bool IsVideo,
    bool Active,
    long Packets,
    long Bytes,
    long Frames,
    long KeyFrames,
    long KeyFrameRequests,
    long SkippedFrames,
    long SkippedSlots,
    long SendFailures);
