using System.Security.Cryptography;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// What a synthetic participant publishes: one Opus track and/or one VP8 track, named as Chrome names them
/// (cname, MediaStream id, track ids). The VP8 track is either one encoding (an SSRC and an RTX SSRC paired by
/// <c>a=ssrc-group:FID</c>, the default) or, with <see cref="SimulcastLayers"/>, three simulcast encodings with
/// rids q/h/f whose SSRCs are not signalled (as Chrome does): then <see cref="VideoSsrc"/> and
/// <see cref="VideoRtxSsrc"/> are those of the lowest layer. An SSRC of 0 means the track is not sent.
/// The header extension ids here are the ones the offer declares and the media sender must write.
/// </summary>
public sealed record SyntheticTracks(string Cname, string StreamId, uint AudioSsrc, uint VideoSsrc, uint VideoRtxSsrc)
{
    /// <summary>Chrome's simulcast rids, lowest layer first (320×180, 640×360, 1280×720).</summary>
    public static IReadOnlyList<string> SimulcastRids { get; } = ["q", "h", "f"];

    public string AudioTrackId { get; init; } = Guid.NewGuid().ToString();

    public string VideoTrackId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>Header extension id offered for ssrc-audio-level (RFC 6464). Chrome uses 1.</summary>
    public byte AudioLevelExtensionId { get; init; } = 1;

    /// <summary>Header extension id of transport-wide-cc (draft-holmer-rmcat-transport-wide-cc-extensions-01). Chrome uses 3.</summary>
    public byte TransportCcExtensionId { get; init; } = 3;

    /// <summary>
    /// The transport-wide-cc id on the audio section: <see cref="TransportCcExtensionId"/>, or another free id when
    /// <see cref="AudioLevelExtensionId"/> takes it.
    /// </summary>
    public byte AudioTransportCcExtensionId =>
        AudioLevelExtensionId != TransportCcExtensionId ? TransportCcExtensionId : (byte)(TransportCcExtensionId == 5 ? 3 : 5);

    /// <summary>Header extension id of sdes:mid (RFC 8843), on the video section. Chrome uses 4.</summary>
    public byte MidExtensionId { get; init; } = 4;

    /// <summary>Header extension id of sdes:rtp-stream-id (RFC 8852), offered with simulcast only.</summary>
    public byte RidExtensionId { get; init; } = 10;

    /// <summary>Header extension id of sdes:repaired-rtp-stream-id (RFC 8852), offered with simulcast only.</summary>
    public byte RepairedRidExtensionId { get; init; } = 11;

    /// <summary>The simulcast encodings, lowest first; null for one encoding.</summary>
    public IReadOnlyList<SimulcastLayer>? SimulcastLayers { get; init; }

    public bool HasAudio => AudioSsrc != 0;

    public bool HasVideo => VideoSsrc != 0;

    /// <summary>True when the video track is sent as simulcast.</summary>
    public bool IsSimulcast => HasVideo && SimulcastLayers is { Count: > 0 };

    /// <summary>The mid of the audio section in the publish offer (sections are numbered in order, audio first).</summary>
    public string AudioMid => "0";

    /// <summary>The mid of the video section in the publish offer.</summary>
    public string VideoMid => HasAudio ? "1" : "0";

    /// <summary>
    /// Random, distinct, non-zero SSRCs and names; with <paramref name="simulcast"/>, three video layers
    /// (<see cref="SimulcastRids"/>), each with its own SSRC and RTX SSRC.
    /// </summary>
    public static SyntheticTracks Create(bool audio = true, bool video = true, bool simulcast = false)
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
        var tracks = new SyntheticTracks(RandomNumberGenerator.GetHexString(16), Guid.NewGuid().ToString(), audioSsrc, videoSsrc, rtxSsrc);
        if (!video || !simulcast)
        {
            return tracks;
        }

        var layers = new SimulcastLayer[SimulcastRids.Count];
        layers[0] = new SimulcastLayer(SimulcastRids[0], videoSsrc, rtxSsrc);
        for (var i = 1; i < layers.Length; i++)
        {
            layers[i] = new SimulcastLayer(SimulcastRids[i], Next(), Next());
        }

        return tracks with { SimulcastLayers = layers };
    }
}

/// <summary>One simulcast encoding of a synthetic video track: its rid and SSRCs (never signalled in SDP).</summary>
public sealed record SimulcastLayer(string Rid, uint Ssrc, uint RtxSsrc);
