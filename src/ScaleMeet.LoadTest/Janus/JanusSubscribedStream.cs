namespace ScaleMeet.LoadTest.Janus;

/// <summary>
/// One active m-line of a participant's subscribe PeerConnection: which publisher's stream it carries and the
/// SSRC Janus sends it with (Janus rewrites SSRCs per subscriber; the value is the one in its latest offer).
/// </summary>
/// <param name="Mid">The subscriber-side mid.</param>
/// <param name="Kind"><c>audio</c> or <c>video</c>.</param>
/// <param name="FeedId">The publisher (feed) the stream comes from.</param>
/// <param name="FeedMid">The mid of the stream in the publisher's PeerConnection.</param>
/// <param name="Ssrc">The media SSRC (for video the primary one, not RTX); 0 when the offer names none.</param>
public sealed record JanusSubscribedStream(string Mid, string Kind, long FeedId, string? FeedMid, uint Ssrc);
