using System.Diagnostics;
using ScaleMeet.LoadTest.Peers;

namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>One video encoding a publisher sends: its rid (null for a single encoding), SSRC and looped clip.</summary>
public sealed record PublisherVideoLayer(string? Rid, uint Ssrc, VideoClip Clip);

/// <summary>
/// What a <see cref="SimulcastPublisher"/> sends and how. Build it with <see cref="FromTracks"/> so the SSRCs, mids
/// and extension ids agree with the publish offer.
/// </summary>
public sealed record SimulcastPublisherOptions
{
    /// <summary>The audio SSRC; 0 = no audio.</summary>
    public uint AudioSsrc { get; init; }

    /// <summary>The audio clip (needed when <see cref="AudioSsrc"/> is not 0).</summary>
    public AudioClip? Audio { get; init; }

    /// <summary>The video encodings, lowest first; empty = no video. All are paced at the first one's frame rate.</summary>
    public IReadOnlyList<PublisherVideoLayer> VideoLayers { get; init; } = [];

    /// <summary>The audio section's mid, written as sdes:mid on audio only when <see cref="WriteMidOnAudio"/>.</summary>
    public string AudioMid { get; init; } = "0";

    /// <summary>The video section's mid (sdes:mid).</summary>
    public string VideoMid { get; init; } = "1";

    /// <summary>Whether audio packets carry sdes:mid too (Chrome does; the bridge demultiplexes audio by SSRC). Default false.</summary>
    public bool WriteMidOnAudio { get; init; }

    /// <summary>Header extension ids; default none.</summary>
    public PublisherExtensionIds Extensions { get; init; }

    public byte OpusPayloadType { get; init; } = SyntheticSdp.OpusPayloadType;

    public byte Vp8PayloadType { get; init; } = SyntheticSdp.Vp8PayloadType;

    /// <summary>Whether VP8 descriptors carry TL0PICIDX (L=1, T=1, TID 0), as Chrome's simulcast does. Default true.</summary>
    public bool WriteTl0PicIdx { get; init; } = true;

    /// <summary>Largest RTP packet, bytes, before SRTP. Default 1200.</summary>
    public int MaxPacketLength { get; init; } = 1200;

    /// <summary>Ticks per second of the timestamps given to <see cref="SimulcastPublisher.SendDue"/>. Default <see cref="Stopwatch.Frequency"/>.</summary>
    public long TimestampFrequency { get; init; } = Stopwatch.Frequency;

    /// <summary>
    /// How late a frame or audio packet may be sent; when the caller falls further behind, the publisher skips to
    /// the current time instead of sending a burst (RTP timestamps jump, the media continue). Default 100 ms.
    /// </summary>
    public TimeSpan MaxLag { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Seed for the initial sequence numbers, RTP timestamps, PictureIDs and TL0PICIDX; null = random.</summary>
    public int? Seed { get; init; }

    /// <summary>The transport's shared transport-wide-cc counter; null = a new one for this publisher.</summary>
    public TransportWideSequence? TransportSequence { get; init; }

    /// <summary>
    /// Options agreeing with <see cref="SyntheticSdp.PublishOffer"/> for <paramref name="tracks"/>: with simulcast,
    /// each layer's rid, SSRC and the clip of that rid; otherwise one encoding (no rid) of the 640×360 clip.
    /// </summary>
    public static SimulcastPublisherOptions FromTracks(SyntheticTracks tracks, MediaLibrary media)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(media);
        var layers = new List<PublisherVideoLayer>();
        if (tracks.IsSimulcast)
        {
            foreach (var layer in tracks.SimulcastLayers!)
            {
                var index = MediaLibrary.LayerOf(layer.Rid);
                if (index < 0)
                {
                    throw new ArgumentException($"No clip for rid '{layer.Rid}'; the media have {string.Join(", ", MediaLibrary.Rids)}.", nameof(tracks));
                }

                layers.Add(new PublisherVideoLayer(layer.Rid, layer.Ssrc, media.VideoLayers[index]));
            }
        }
        else if (tracks.HasVideo)
        {
            layers.Add(new PublisherVideoLayer(null, tracks.VideoSsrc, media.VideoLayers[1]));
        }

        return new SimulcastPublisherOptions
        {
            AudioSsrc = tracks.AudioSsrc,
            Audio = tracks.HasAudio ? media.Audio : null,
            VideoLayers = layers,
            AudioMid = tracks.AudioMid,
            VideoMid = tracks.VideoMid,
            Extensions = new PublisherExtensionIds(tracks.MidExtensionId, tracks.IsSimulcast ? tracks.RidExtensionId : (byte)0,
                tracks.AudioLevelExtensionId, tracks.TransportCcExtensionId, tracks.AudioTransportCcExtensionId),
        };
    }
}
