using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Media.Tests.Sdp;

public sealed class SdpFirefoxOfferTests
{
    private static SessionDescription Parse()
    {
        Assert.True(SessionDescription.TryParse(SdpSamples.FirefoxOffer, out SessionDescription? d, out string? error), error);
        return d!;
    }

    [Fact]
    public void FirefoxOffer_Parse_SessionLevelTransportValuesRead()
    {
        SessionDescription d = Parse();

        Assert.Equal(new SdpOrigin("mozilla...THIS_IS_SDPARTA-99.0", 7136436355209337400UL, 0, "IN", "IP4", "0.0.0.0"), d.Origin);
        Assert.Equal("sha-256", d.Fingerprint!.Algorithm);
        Assert.StartsWith("7A:1F:3C", d.Fingerprint.Value, StringComparison.Ordinal);
        Assert.Equal(["0", "1", "2"], d.BundleMids);
        Assert.Equal(["trickle"], d.IceOptions);
        Assert.Equal("WMS *", d.MsidSemantic);
        Assert.Equal(3, d.Media.Count);
        Assert.All(d.Media, m => Assert.Null(m.Fingerprint));
    }

    [Fact]
    public void FirefoxOffer_Parse_MediaSectionsRead()
    {
        SessionDescription d = Parse();
        MediaDescription audio = d.Media[0], video = d.Media[1], data = d.Media[2];

        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Equal("6e3d2c1b", audio.IceUfrag);
        Assert.Equal("1b5f0e3c7d9a4b2e8f6c0d1a3e5b7c9d", audio.IcePwd);
        Assert.Equal(new SdpExtMap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", "recvonly"), audio.ExtMaps[1]);
        Assert.Equal(new SdpRtpMap(9, "G722", 8000, 1), audio.GetRtpMap(9));
        Assert.Equal("0-15", audio.GetFmtp(101));
        Assert.Equal("{0e4c7a2b-9d1f-4e3a-b5c6-7d8e9f0a1b2c}", audio.GetSsrcCname(3787402217));
        Assert.Equal(new SdpMsid("{5c2d8f4e-7a91-4b3c-9e02-1d6f8a4b3c2e}", "{a3b9c1d7-2e4f-4a6b-8c0d-9e1f2a3b4c5d}"), audio.Msids[0]);
        Assert.False(audio.RtcpRsize);

        Assert.Equal(new SdpExtMap(6, "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "recvonly"), video.ExtMaps[3]);
        Assert.Equal(["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"], video.GetRtcpFeedback(120));
        Assert.Equal(124, video.GetRtxPayloadType(120));
        Assert.Equal(98, video.GetRtxPayloadType(97));
        Assert.Equal([new SdpSsrcGroup("FID", [2612436913u, 1530177082u])], video.SsrcGroups);
        Assert.Equal([2612436913u, 1530177082u], video.Ssrcs);
        Assert.Null(video.GetSsrcMsid(2612436913));

        Assert.Equal("application", data.Kind);
        Assert.Equal("UDP/DTLS/SCTP", data.Protocol);
        Assert.False(data.IsRtp);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Empty(data.PayloadTypes);
        Assert.Equal("5000", data.GetAttributeValue("sctp-port"));
        Assert.Equal("1073741823", data.GetAttributeValue("max-message-size"));
        Assert.Empty(data.RtpMaps);
    }

    [Fact]
    public void FirefoxOffer_WriteBack_EqualsInput()
    {
        Assert.Equal(SdpSamples.FirefoxOffer, Parse().ToString());
    }
}
