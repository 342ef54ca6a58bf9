using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Media.Tests.Sdp;

/// <summary>Byte input, defaults, wildcards and SSRC building.</summary>
public sealed class SdpSmallBehaviourTests
{
    [Fact]
    public void Utf8Bytes_Valid_ParseLikeText()
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(SdpSamples.FirefoxOffer);

        Assert.True(SessionDescription.TryParse(bytes, out SessionDescription? d, out string? error), error);
        Assert.Equal(SdpSamples.FirefoxOffer, d!.ToString());
    }

    [Fact]
    public void Utf8Bytes_Invalid_RejectedAtTheirLine()
    {
        byte[] bytes = [.. "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns="u8, 0xC3, 0x28, .. "\r\n"u8];

        Assert.False(SessionDescription.TryParse(bytes, out SessionDescription? d, out string? error));
        Assert.Null(d);
        Assert.Equal("line 3: the text is not valid UTF-8", error);
    }

    [Fact]
    public void Direction_Absent_IsSendRecv()
    {
        var m = new MediaDescription("audio", 9, "UDP/TLS/RTP/SAVPF", ["0"]);
        Assert.Equal(SdpDirection.SendRecv, m.Direction);
        m.Direction = SdpDirection.RecvOnly;
        Assert.Equal([new SdpAttribute("recvonly")], m.Attributes);
    }

    [Fact]
    public void RtcpFeedback_Wildcard_AppliesToEveryPayloadType()
    {
        var m = new MediaDescription("video", 9, "UDP/TLS/RTP/SAVPF", ["96", "98"]);
        m.AddAttribute("rtcp-fb", "* nack");
        m.AddRtcpFeedback(96, "ccm fir");

        Assert.Equal(["nack", "ccm fir"], m.GetRtcpFeedback(96));
        Assert.Equal(["nack"], m.GetRtcpFeedback(98));
    }

    [Fact]
    public void SsrcAttributes_BuiltWithApi_ReadBackPerSsrc()
    {
        var m = new MediaDescription("video", 9, "UDP/TLS/RTP/SAVPF", ["96"]);
        m.AddSsrcGroup(new SdpSsrcGroup("SIM", [10u, 20u]));
        m.AddSsrcAttribute(10, "cname", "c");
        m.AddSsrcAttribute(20, "cname", "c");
        m.AddSsrcAttribute(10, "msid", "s t");

        Assert.Equal(["ssrc-group:SIM 10 20", "ssrc:10 cname:c", "ssrc:20 cname:c", "ssrc:10 msid:s t"],
            m.Attributes.Select(a => a.Name + ":" + a.Value));
        Assert.Equal([10u, 20u], m.Ssrcs);
        Assert.Equal("s t", m.GetSsrcMsid(10));
        Assert.Null(m.GetSsrcMsid(20));
        Assert.Equal(2, m.SsrcAttributes[10].Count);
    }
}
