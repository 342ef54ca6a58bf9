using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Media.Tests.Sdp;

public sealed class SdpChromeOfferTests
{
    private static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out SessionDescription? d, out string? error), error);
        Assert.Null(error);
        return d!;
    }

    [Fact]
    public void ChromeOffer_Parse_SessionFieldsMatch()
    {
        SessionDescription d = Parse(SdpSamples.ChromeOffer);

        Assert.Equal(0, d.Version);
        Assert.Equal(new SdpOrigin("-", 4611731400430051336UL, 2, "IN", "IP4", "127.0.0.1"), d.Origin);
        Assert.Equal("-", d.SessionName);
        Assert.Equal(0UL, d.StartTime);
        Assert.Equal(0UL, d.StopTime);
        Assert.Equal(["0", "1"], d.BundleMids);
        Assert.True(d.ExtmapAllowMixed);
        Assert.Equal("WMS " + SdpSamples.StreamId, d.MsidSemantic);
        Assert.False(d.IceLite);
        Assert.Null(d.IceUfrag);
        Assert.Null(d.Fingerprint);
        Assert.Equal(3, d.Attributes.Count);
        Assert.Equal(new SdpAttribute("msid-semantic", " WMS " + SdpSamples.StreamId), d.Attributes[2]);
        Assert.Equal(2, d.Media.Count);
    }

    [Fact]
    public void ChromeOffer_Parse_AudioSectionFieldsMatch()
    {
        MediaDescription audio = Parse(SdpSamples.ChromeOffer).Media[0];

        Assert.Equal("audio", audio.Kind);
        Assert.Equal(9, audio.Port);
        Assert.Null(audio.PortCount);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal(["111", "63", "9", "0", "8", "13", "110", "126"], audio.Formats);
        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.PayloadTypes);
        Assert.Equal("0.0.0.0", audio.ConnectionAddress);
        Assert.Equal(new SdpConnection("IN", "IP4", "0.0.0.0"), audio.Connection);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.SendOnly, audio.Direction);
        Assert.Equal("EsAw", audio.IceUfrag);
        Assert.Equal("bP+XJMM09aR8AiX1jdukzR6Y", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        Assert.Equal(new SdpFingerprint("sha-256", SdpSamples.Fingerprint), audio.Fingerprint);
        Assert.Equal("actpass", audio.Setup);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpRsize);
        Assert.Equal(SdpSamples.StreamId + " " + SdpSamples.AudioTrackId, audio.Msid);
        Assert.Equal([new SdpMsid(SdpSamples.StreamId, SdpSamples.AudioTrackId)], audio.Msids);
        Assert.Equal("9 IN IP4 0.0.0.0", audio.GetAttributeValue("rtcp"));

        Assert.Equal(
            [
                new SdpExtMap(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
                new SdpExtMap(2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
                new SdpExtMap(3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
                new SdpExtMap(4, "urn:ietf:params:rtp-hdrext:sdes:mid"),
            ],
            audio.ExtMaps);

        Assert.Equal(
            [
                new SdpRtpMap(111, "opus", 48000, 2), new SdpRtpMap(63, "red", 48000, 2),
                new SdpRtpMap(9, "G722", 8000), new SdpRtpMap(0, "PCMU", 8000), new SdpRtpMap(8, "PCMA", 8000),
                new SdpRtpMap(13, "CN", 8000), new SdpRtpMap(110, "telephone-event", 48000),
                new SdpRtpMap(126, "telephone-event", 8000),
            ],
            audio.RtpMaps);
        Assert.Equal("minptime=10;useinbandfec=1", audio.GetFmtp(111));
        Assert.Equal("111/111", audio.GetFmtp(63));
        Assert.Null(audio.GetFmtp(9));
        Assert.Equal(["transport-cc"], audio.GetRtcpFeedback(111));
        Assert.Empty(audio.GetRtcpFeedback(63));
        IReadOnlyDictionary<string, string> opus = audio.Fmtps[0].GetParameters();
        Assert.Equal("10", opus["minptime"]);
        Assert.Equal("1", opus["useinbandfec"]);

        Assert.Equal([1842153372u], audio.Ssrcs);
        Assert.Equal("Hk2EuYvXqRk0D1xq", audio.GetSsrcCname(1842153372));
        Assert.Equal(SdpSamples.StreamId + " " + SdpSamples.AudioTrackId, audio.GetSsrcMsid(1842153372));
        Assert.Empty(audio.SsrcGroups);
        Assert.Empty(audio.Rids);
        Assert.Null(audio.Simulcast);
        Assert.Empty(audio.Candidates);
        Assert.False(audio.EndOfCandidates);
    }

    [Fact]
    public void ChromeOffer_Parse_VideoSectionFieldsMatch()
    {
        MediaDescription video = Parse(SdpSamples.ChromeOffer).Media[1];

        Assert.Equal("video", video.Kind);
        Assert.Equal(["96", "97", "98", "99", "100", "101", "102", "103", "45", "46"], video.Formats);
        Assert.Equal("1", video.Mid);
        Assert.Equal(SdpDirection.SendOnly, video.Direction);
        Assert.Equal(11, video.ExtMaps.Count);
        Assert.Equal(new SdpExtMap(14, "urn:ietf:params:rtp-hdrext:toffset"), video.ExtMaps[0]);
        Assert.Equal(10, video.GetExtMapId("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
        Assert.Equal(11, video.GetExtMapId("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"));
        Assert.Equal(3, video.GetExtMapId("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
        Assert.Null(video.GetExtMapId("urn:ietf:params:rtp-hdrext:ssrc-audio-level"));

        Assert.Equal(new SdpRtpMap(96, "VP8", 90000), video.GetRtpMap(96));
        Assert.Equal(new SdpRtpMap(97, "rtx", 90000), video.GetRtpMap(97));
        Assert.Equal(new SdpRtpMap(98, "VP9", 90000), video.GetRtpMap(98));
        Assert.Equal(new SdpRtpMap(102, "H264", 90000), video.GetRtpMap(102));
        Assert.Equal(new SdpRtpMap(45, "AV1", 90000), video.GetRtpMap(45));
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], video.GetRtcpFeedback(96));
        Assert.Empty(video.GetRtcpFeedback(97));
        Assert.Equal("apt=96", video.GetFmtp(97));
        Assert.Equal("profile-id=2", video.GetFmtp(100));
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", video.GetFmtp(102));
        Assert.Equal(97, video.GetRtxPayloadType(96));
        Assert.Equal(99, video.GetRtxPayloadType(98));
        Assert.Equal(103, video.GetRtxPayloadType(102));
        Assert.Null(video.GetRtxPayloadType(97));

        Assert.Equal([new SdpSsrcGroup("FID", [2951637284u, 1287360425u])], video.SsrcGroups);
        Assert.Equal([2951637284u, 1287360425u], video.Ssrcs);
        string msid = SdpSamples.StreamId + " " + SdpSamples.VideoTrackId;
        foreach (uint ssrc in video.Ssrcs)
        {
            Assert.Equal("Hk2EuYvXqRk0D1xq", video.GetSsrcCname(ssrc));
            Assert.Equal(msid, video.GetSsrcMsid(ssrc));
        }
        IReadOnlyDictionary<uint, IReadOnlyList<SdpAttribute>> bySsrc = video.SsrcAttributes;
        Assert.Equal(2, bySsrc.Count);
        Assert.Equal([new SdpAttribute("cname", "Hk2EuYvXqRk0D1xq"), new SdpAttribute("msid", msid)], bySsrc[1287360425]);
        Assert.Empty(video.Rids);
        Assert.Null(video.Simulcast);
    }

    [Fact]
    public void ChromeSimulcastOffer_Parse_RidsAndSimulcastMatch()
    {
        MediaDescription video = Parse(SdpSamples.ChromeSimulcastOffer).Media[1];

        Assert.Empty(video.Ssrcs);
        Assert.Empty(video.SsrcGroups);
        Assert.Equal([new SdpRid("q", "send"), new SdpRid("h", "send"), new SdpRid("f", "send")], video.Rids);
        SdpSimulcast simulcast = video.Simulcast!;
        Assert.Equal(SdpSimulcast.Of(["q", "h", "f"], []), simulcast);
        Assert.Equal(3, simulcast.Send.Count);
        Assert.Equal(new SdpSimulcastRid("h"), Assert.Single(simulcast.Send[1]));
        Assert.Empty(simulcast.Receive);
        Assert.Equal(10, video.GetExtMapId("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ChromeOffers_WriteBack_EqualInputLineByLine(bool simulcast)
    {
        string input = simulcast ? SdpSamples.ChromeSimulcastOffer : SdpSamples.ChromeOffer;

        string output = Parse(input).ToString();

        string[] expected = input.Split("\r\n");
        string[] actual = output.Split("\r\n");
        for (int i = 0; i < Math.Min(expected.Length, actual.Length); i++)
            Assert.True(expected[i] == actual[i], $"line {i + 1}: expected '{expected[i]}' got '{actual[i]}'");
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(input, output);
    }

    [Fact]
    public void ChromeOffer_WithLfOnly_ParsesAndWritesCrlf()
    {
        string lf = SdpSamples.ChromeOffer.Replace("\r\n", "\n", StringComparison.Ordinal);

        SessionDescription d = Parse(lf);

        Assert.Equal(SdpSamples.ChromeOffer, d.ToString());
    }

    [Fact]
    public void ChromeOffer_WithoutFinalLineEnd_Parses()
    {
        SessionDescription d = Parse(SdpSamples.ChromeOffer.TrimEnd());

        Assert.Equal(SdpSamples.ChromeOffer, d.ToString());
    }
}
