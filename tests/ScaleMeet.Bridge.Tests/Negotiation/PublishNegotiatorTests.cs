using System.Net;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Tests.Negotiation;

public sealed class PublishNegotiatorTests
{
    internal static readonly LocalTransportParameters Local = new("brUfrag1", "bridgePasswordBridgePass", "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
        [new IPEndPoint(IPAddress.Parse("192.0.2.10"), 10000), new IPEndPoint(IPAddress.Loopback, 10000)]);

    private static readonly NegotiationOptions Limits = new();

    [Fact]
    public void ChromeOffer_Negotiated_AnswerIsIceLitePassiveRecvOnlyWithOpusAndVp8Rtx()
    {
        Assert.True(PublishNegotiator.TryNegotiate(ChromeOffers.WithSsrcs, Local, Limits, out var result, out var refusal), refusal?.Message);
        Assert.True(SessionDescription.TryParse(result!.AnswerSdp, out var answer, out var parseError), parseError);

        Assert.True(answer!.IceLite);
        Assert.Equal(["0", "1"], answer.BundleMids);
        Assert.Equal(["audio", "video"], answer.Media.Select(m => m.Kind));
        foreach (var m in answer.Media)
        {
            Assert.NotEqual(0, m.Port);
            Assert.Equal("passive", m.Setup);
            Assert.Equal(SdpDirection.RecvOnly, m.Direction);
            Assert.Equal(Local.IceUfrag, m.IceUfrag);
            Assert.Equal(Local.IcePwd, m.IcePwd);
            Assert.Equal(new SdpFingerprint("sha-256", Local.Fingerprint), m.Fingerprint);
            Assert.True(m.RtcpMux);
            Assert.True(m.EndOfCandidates);
            Assert.Equal(["192.0.2.10:10000", "127.0.0.1:10000"], m.Candidates.Select(c => $"{c.Address}:{c.Port}"));
            Assert.All(m.Candidates, c => Assert.Equal("host", c.Type));
            Assert.Empty(m.SsrcLines);
        }

        var audio = answer.Media[0];
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal([new SdpRtpMap(111, "opus", 48000, 2)], audio.RtpMaps);
        Assert.Equal("minptime=10;useinbandfec=1", audio.GetFmtp(111));
        Assert.Equal(1, audio.GetExtMapId("urn:ietf:params:rtp-hdrext:ssrc-audio-level"));

        var video = answer.Media[1];
        Assert.Equal(["96", "97"], video.Formats);
        Assert.Equal(["VP8", "rtx"], video.RtpMaps.Select(r => r.EncodingName));
        Assert.Equal(97, video.GetRtxPayloadType(96));
        Assert.Contains("nack pli", video.GetRtcpFeedback(96));
        Assert.Contains("nack", video.GetRtcpFeedback(96));
        Assert.Contains("ccm fir", video.GetRtcpFeedback(96));
    }

    [Fact]
    public void ChromeOffer_Negotiated_ProducersCarryTheOfferedSsrcs()
    {
        Assert.True(PublishNegotiator.TryNegotiate(ChromeOffers.WithSsrcs, Local, Limits, out var result, out _));

        Assert.Equal(ChromeOffers.Fingerprint, result!.RemoteFingerprint);
        Assert.Equal("EsAw", result.RemoteUfrag);
        Assert.Equal(
            [
                (MediaKind.Audio, "0", (uint?)ChromeOffers.AudioSsrc, (uint?)null, 0, (byte)111, (byte?)null, (byte)1),
                (MediaKind.Video, "1", ChromeOffers.VideoSsrc, ChromeOffers.RtxSsrc, 0, (byte)96, (byte?)97, (byte)0),
            ],
            result.Producers.Select(p => (p.Kind, p.Mid, p.Ssrc, p.RtxSsrc, p.Rids.Count, p.PayloadType, p.RtxPayloadType, p.AudioLevelExtensionId)));
    }

    [Fact]
    public void SimulcastOffer_Accepted_RidsLowestFirst_SsrcsLeftToLearn()
    {
        Assert.True(PublishNegotiator.TryNegotiate(ChromeOffers.WithSimulcast, Local, Limits, out var result, out var refusal), refusal?.Message);
        Assert.True(SessionDescription.TryParse(result!.AnswerSdp, out var answer, out _));

        var video = result.Producers.Single(p => p.Kind == MediaKind.Video);
        Assert.Equal(["q", "h", "f"], video.Rids);
        Assert.Null(video.Ssrc);
        Assert.NotEqual(0, result.Extensions.Rid);
        var section = answer!.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, section.Direction);
        Assert.Equal(["q", "h", "f"], section.Rids.Select(r => r.Id));
        Assert.All(section.Rids, r => Assert.Equal("recv", r.Direction));
        Assert.Equal(["q", "h", "f"], section.Simulcast!.Receive.Select(stream => stream[0].Id));
        Assert.Empty(section.Simulcast.Send);
        Assert.Equal(result.Extensions.Rid, section.GetExtMapId(PublishNegotiator.RidUri));
    }

    [Fact]
    public void RidsWithoutSimulcastAttribute_ClearError()
    {
        var offer = ChromeOffers.WithSimulcast.Replace("a=simulcast:send q;h;f\r\n", string.Empty, StringComparison.Ordinal);

        Assert.False(PublishNegotiator.TryNegotiate(offer, Local, Limits, out var result, out var refusal));

        Assert.Null(result);
        Assert.Contains("section 1", refusal!.Message, StringComparison.Ordinal);
        Assert.Contains("a=simulcast", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(NegotiationLimit.None, refusal.Limit);
    }

    [Fact]
    public void OfferWithoutVp8_VideoRejectedWithPortZero()
    {
        var offer = ChromeOffers.WithSsrcs.Replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 H263/90000", StringComparison.Ordinal);

        Assert.True(PublishNegotiator.TryNegotiate(offer, Local, Limits, out var result, out var refusal), refusal?.Message);
        Assert.True(SessionDescription.TryParse(result!.AnswerSdp, out var answer, out _));

        Assert.Equal(0, answer!.Media[1].Port);
        Assert.Equal(SdpDirection.Inactive, answer.Media[1].Direction);
        Assert.Equal(["0"], answer.BundleMids);
        Assert.Equal([MediaKind.Audio], result.Producers.Select(p => p.Kind));
    }
}
