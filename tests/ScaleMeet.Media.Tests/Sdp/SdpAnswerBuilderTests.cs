using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Media.Tests.Sdp;

/// <summary>The bridge's side: an ice-lite answer built with the API, written, and read back.</summary>
public sealed class SdpAnswerBuilderTests
{
    private const string Ufrag = "Zq4t";
    private const string Pwd = "w8R2kP0xLm5nQ7vB3cY9dF1h";

    private static readonly SdpCandidate UdpHost =
        new("1", 1, "udp", 2130706431, "192.0.2.10", 40000, "host", Generation: 0);

    private static readonly SdpCandidate TcpHost =
        new("2", 1, "tcp", 1694498815, "192.0.2.10", 4443, "host", TcpType: "passive", Generation: 0);

    private static SessionDescription BuildAnswer()
    {
        var answer = new SessionDescription { Origin = new SdpOrigin("-", 8071923841525126781UL, 1) };
        answer.BundleMids = ["0", "1"];
        answer.IceLite = true;
        answer.MsidSemantic = "WMS *";

        var audio = new MediaDescription("audio", 9, "UDP/TLS/RTP/SAVPF", ["111"]) { ConnectionAddress = "0.0.0.0" };
        AddTransport(audio, "0");
        audio.AddExtMap(new SdpExtMap(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
        audio.AddExtMap(new SdpExtMap(3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
        audio.Direction = SdpDirection.RecvOnly;
        audio.RtcpMux = true;
        audio.AddRtpMap(new SdpRtpMap(111, "opus", 48000, 2));
        audio.AddRtcpFeedback(111, "transport-cc");
        audio.SetFmtp(111, "minptime=10;useinbandfec=1");
        AddCandidates(audio);

        var video = new MediaDescription("video", 9, "UDP/TLS/RTP/SAVPF", ["96", "97"]) { ConnectionAddress = "0.0.0.0" };
        AddTransport(video, "1");
        video.AddExtMap(new SdpExtMap(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
        video.Direction = SdpDirection.RecvOnly;
        video.RtcpMux = true;
        video.RtcpRsize = true;
        video.AddRtpMap(new SdpRtpMap(96, "VP8", 90000));
        video.AddRtcpFeedback(96, "nack");
        video.AddRtcpFeedback(96, "nack pli");
        video.AddRtpMap(new SdpRtpMap(97, "rtx", 90000));
        video.SetFmtp(97, "apt=96");
        video.AddRid(new SdpRid("q", "recv"));
        video.AddRid(new SdpRid("h", "recv"));
        video.Simulcast = SdpSimulcast.Of([], ["q", "h"]);
        AddCandidates(video);

        answer.Media.Add(audio);
        answer.Media.Add(video);
        return answer;
    }

    private static void AddTransport(MediaDescription m, string mid)
    {
        m.IceUfrag = Ufrag;
        m.IcePwd = Pwd;
        m.Fingerprint = new SdpFingerprint("sha-256", SdpSamples.Fingerprint);
        m.Setup = "passive";
        m.Mid = mid;
    }

    private static void AddCandidates(MediaDescription m)
    {
        m.EndOfCandidates = true;
        m.AddCandidate(UdpHost); // goes before a=end-of-candidates
        m.AddCandidate(TcpHost);
    }

    [Fact]
    public void IceLiteAnswer_Write_ProducesExpectedText()
    {
        string expected = SdpSamples.Crlf("""
            v=0
            o=- 8071923841525126781 1 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0 1
            a=ice-lite
            a=msid-semantic:WMS *
            m=audio 9 UDP/TLS/RTP/SAVPF 111
            c=IN IP4 0.0.0.0
            a=ice-ufrag:Zq4t
            a=ice-pwd:w8R2kP0xLm5nQ7vB3cY9dF1h
            a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F
            a=setup:passive
            a=mid:0
            a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
            a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
            a=recvonly
            a=rtcp-mux
            a=rtpmap:111 opus/48000/2
            a=rtcp-fb:111 transport-cc
            a=fmtp:111 minptime=10;useinbandfec=1
            a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host generation 0
            a=candidate:2 1 tcp 1694498815 192.0.2.10 4443 typ host tcptype passive generation 0
            a=end-of-candidates
            m=video 9 UDP/TLS/RTP/SAVPF 96 97
            c=IN IP4 0.0.0.0
            a=ice-ufrag:Zq4t
            a=ice-pwd:w8R2kP0xLm5nQ7vB3cY9dF1h
            a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F
            a=setup:passive
            a=mid:1
            a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
            a=recvonly
            a=rtcp-mux
            a=rtcp-rsize
            a=rtpmap:96 VP8/90000
            a=rtcp-fb:96 nack
            a=rtcp-fb:96 nack pli
            a=rtpmap:97 rtx/90000
            a=fmtp:97 apt=96
            a=rid:q recv
            a=rid:h recv
            a=simulcast:recv q;h
            a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host generation 0
            a=candidate:2 1 tcp 1694498815 192.0.2.10 4443 typ host tcptype passive generation 0
            a=end-of-candidates
            """);

        Assert.Equal(expected, BuildAnswer().ToString());
    }

    [Fact]
    public void IceLiteAnswer_ParseBack_TypedViewsMatchWhatWasBuilt()
    {
        string text = BuildAnswer().ToString();

        Assert.True(SessionDescription.TryParse(text, out SessionDescription? d, out string? error), error);
        Assert.True(d!.IceLite);
        Assert.Equal(["0", "1"], d.BundleMids);
        Assert.Equal(8071923841525126781UL, d.Origin.SessionId);
        foreach (MediaDescription m in d.Media)
        {
            Assert.Equal(Ufrag, m.IceUfrag);
            Assert.Equal(Pwd, m.IcePwd);
            Assert.Equal("passive", m.Setup);
            Assert.Equal(SdpDirection.RecvOnly, m.Direction);
            Assert.True(m.RtcpMux);
            Assert.True(m.EndOfCandidates);
            Assert.Equal([UdpHost, TcpHost], m.Candidates);
            Assert.Equal("passive", m.Candidates[1].TcpType);
            Assert.Equal(0u, m.Candidates[0].Generation);
        }
        MediaDescription video = d.Media[1];
        Assert.Equal([new SdpRid("q", "recv"), new SdpRid("h", "recv")], video.Rids);
        Assert.Equal(SdpSimulcast.Of([], ["q", "h"]), video.Simulcast);
        Assert.Equal(text, d.ToString());
    }

    [Fact]
    public void Setters_ReplaceInPlace_KeepOtherAttributesOrdered()
    {
        var m = new MediaDescription("video", 9, "UDP/TLS/RTP/SAVPF", ["96"]);
        m.AddAttribute("mid", "v");
        m.AddAttribute("sendonly");
        m.AddAttribute("x-custom", "1");
        m.AddAttribute("rtcp-mux");

        m.Direction = SdpDirection.Inactive;
        m.Mid = "w";
        m.RtcpMux = false;
        m.SetFmtp(96, "max-fs=12288");
        m.SetFmtp(96, "max-fs=8160");

        Assert.Equal(
            [
                new SdpAttribute("mid", "w"), new SdpAttribute("inactive"), new SdpAttribute("x-custom", "1"),
                new SdpAttribute("fmtp", "96 max-fs=8160"),
            ],
            m.Attributes);
        m.Mid = null;
        m.SetFmtp(96, null);
        Assert.Equal([new SdpAttribute("inactive"), new SdpAttribute("x-custom", "1")], m.Attributes);
    }

    [Theory]
    [InlineData("ice-ufrag", "ab")]              // shorter than 4
    [InlineData("ice-pwd", "short")]             // shorter than 22
    [InlineData("setup", "server")]
    [InlineData("rtpmap", "96 VP8")]
    [InlineData("mid", "a b")]
    [InlineData("x", "line\r\nbreak")]
    [InlineData("bad name", null)]
    [InlineData("rtcp-mux", "yes")]
    public void AddAttribute_MalformedValue_Throws(string name, string? value)
    {
        var m = new MediaDescription();

        Assert.Throws<ArgumentException>(() => m.AddAttribute(name, value));
        Assert.Empty(m.Attributes);
    }

    [Fact]
    public void Setters_MalformedValues_Throw()
    {
        var m = new MediaDescription();
        var s = new SessionDescription();

        Assert.Throws<ArgumentException>(() => m.IceUfrag = "has:colon");
        Assert.Throws<ArgumentException>(() => m.Setup = "both");
        Assert.Throws<ArgumentException>(() => m.AddCandidate(UdpHost with { Address = "two words" }));
        Assert.Throws<ArgumentException>(() => s.IcePwd = "tooshort");
        Assert.Throws<ArgumentException>(() => new SdpAttribute("mid", "0\n"));
        Assert.Empty(m.Attributes);
    }

    [Fact]
    public void Write_FieldThatCannotBeWritten_Throws()
    {
        var d = new SessionDescription { Origin = new SdpOrigin("user name", 1, 1) };
        Assert.Throws<InvalidOperationException>(() => d.ToString());

        d = new SessionDescription();
        d.Media.Add(new MediaDescription("video", 9, "UDP/TLS/RTP/SAVPF", ["vp8"]));
        Assert.Throws<InvalidOperationException>(() => d.ToString());

        d.Media[0].Formats.Clear();
        Assert.Throws<InvalidOperationException>(() => d.ToString());
    }
}
