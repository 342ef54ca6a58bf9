using System.Security.Cryptography;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// What a synthetic participant publishes: one Opus track and/or one VP8 track (with an RTX SSRC paired by
/// <c>a=ssrc-group:FID</c>), named as Chrome names them (cname, MediaStream id, track ids).
/// An SSRC of 0 means the track is not sent.
/// </summary>
public sealed record SyntheticTracks(string Cname, string StreamId, uint AudioSsrc, uint VideoSsrc, uint VideoRtxSsrc)
{
    public string AudioTrackId { get; init; } = Guid.NewGuid().ToString();

    public string VideoTrackId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>Header extension id offered for ssrc-audio-level (RFC 6464). Chrome uses 1.</summary>
    public byte AudioLevelExtensionId { get; init; } = 1;

    public bool HasAudio => AudioSsrc != 0;

    public bool HasVideo => VideoSsrc != 0;

    /// <summary>Random, distinct, non-zero SSRCs and names.</summary>
    public static SyntheticTracks Create(bool audio = true, bool video = true)
    {
        var ssrcs = new HashSet<uint>();
        uint Next()
        {
            uint s;
            do
            {
                s = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
            }
            while (!ssrcs.Add(s));
            return s;
        }

        var audioSsrc = audio ? Next() : 0;
        var videoSsrc = video ? Next() : 0;
        var rtxSsrc = video ? Next() : 0;
        return new SyntheticTracks(RandomNumberGenerator.GetHexString(16), Guid.NewGuid().ToString(), audioSsrc, videoSsrc, rtxSsrc);
    }
}
