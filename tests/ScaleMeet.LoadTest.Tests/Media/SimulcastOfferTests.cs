using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.SyntheticMedia;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

public sealed class SimulcastOfferTests
{
    private const string TransportCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    [Fact]
    public void PublishOffer_SimulcastTracks_WritesWhatChromeWrites()
    {
        using var transport = new SyntheticTransport();
        var tracks = SyntheticTracks.Create(simulcast: true);

        var sdp = SyntheticSdp.PublishOffer(transport, tracks);

        Assert.True(SessionDescription.TryParse(sdp, out var offer, out var error), error);
        var video = offer!.Media.Single(m => m.Kind == "video");
        Assert.Equal(tracks.VideoMid, video.Mid);
        Assert.Equal([("q", "send"), ("h", "send"), ("f", "send")], video.Rids.Select(r => (r.Id, r.Direction)));
        Assert.Equal(["q", "h", "f"], video.Simulcast!.Send.Select(s => s.Single().Id));
        Assert.Empty(video.Simulcast.Receive);
        Assert.Contains("a=simulcast:send q;h;f\r\n", sdp, StringComparison.Ordinal);
        Assert.Contains("a=rid:q send\r\n", sdp, StringComparison.Ordinal);
        Assert.Equal(
            [(3, TransportCcUri), (4, "urn:ietf:params:rtp-hdrext:sdes:mid"), (10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
                (11, "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id")],
            video.ExtMaps.Select(e => (e.Id, e.Uri)));
        Assert.Empty(video.Ssrcs);
        Assert.Empty(video.SsrcGroups);
        Assert.Equal($"{tracks.StreamId} {tracks.VideoTrackId}", video.Msid);
        Assert.Equal(["VP8", "rtx"], video.RtpMaps.Select(r => r.EncodingName));
        var audio = offer.Media.Single(m => m.Kind == "audio");
        Assert.Equal([tracks.AudioSsrc], audio.Ssrcs);
        Assert.Empty(audio.Rids);
    }

    [Fact]
    public void PublishOffer_DefaultTracks_OneEncodingAsBefore()
    {
        using var transport = new SyntheticTransport();
        var tracks = SyntheticTracks.Create();

        var sdp = SyntheticSdp.PublishOffer(transport, tracks);

        Assert.True(SessionDescription.TryParse(sdp, out var offer, out var error), error);
        var audio = offer!.Media[0];
        var video = offer.Media[1];
        Assert.Equal([(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), (3, TransportCcUri)], audio.ExtMaps.Select(e => (e.Id, e.Uri)));
        Assert.Equal([(3, TransportCcUri), (4, "urn:ietf:params:rtp-hdrext:sdes:mid")], video.ExtMaps.Select(e => (e.Id, e.Uri)));
        Assert.Equal([tracks.VideoSsrc, tracks.VideoRtxSsrc], video.Ssrcs);
        Assert.Equal([tracks.VideoSsrc, tracks.VideoRtxSsrc], video.SsrcGroups.Single(g => g.Semantics == "FID").Ssrcs);
        Assert.Empty(video.Rids);
        Assert.Null(video.Simulcast);
        Assert.DoesNotContain("rtp-stream-id", sdp, StringComparison.Ordinal);
        Assert.Equal(("0", "1"), (audio.Mid, video.Mid));
        Assert.Equal((tracks.AudioMid, tracks.VideoMid), (audio.Mid, video.Mid));
    }

    [Fact]
    public void Create_Simulcast_ThreeLayersDistinctSsrcsLowestIsVideoSsrc()
    {
        var tracks = SyntheticTracks.Create(simulcast: true);

        Assert.True(tracks.IsSimulcast);
        Assert.Equal(["q", "h", "f"], tracks.SimulcastLayers!.Select(l => l.Rid));
        var ssrcs = tracks.SimulcastLayers!.SelectMany(l => new[] { l.Ssrc, l.RtxSsrc }).Append(tracks.AudioSsrc).ToArray();
        Assert.Equal(7, ssrcs.Distinct().Count());
        Assert.DoesNotContain(0u, ssrcs);
        Assert.Equal((tracks.SimulcastLayers![0].Ssrc, tracks.SimulcastLayers[0].RtxSsrc), (tracks.VideoSsrc, tracks.VideoRtxSsrc));
        Assert.False(SyntheticTracks.Create().IsSimulcast);
        Assert.False(SyntheticTracks.Create(video: false, simulcast: true).IsSimulcast);
    }

    [Fact]
    public void AudioLevelIdTakesTransportCcId_AudioSectionMovesTransportCc()
    {
        var tracks = SyntheticTracks.Create() with { AudioLevelExtensionId = 3 };

        Assert.Equal(5, tracks.AudioTransportCcExtensionId); // as the offer always did
        Assert.Equal(3, SyntheticTracks.Create().AudioTransportCcExtensionId);
    }
}
