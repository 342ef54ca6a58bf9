using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Media.Tests.Sdp;

/// <summary>Session-level and media-level lines stay where they were; rarely used lines survive.</summary>
public sealed class SdpLevelsTests
{
    private static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out SessionDescription? d, out string? error), error);
        return d!;
    }

    [Fact]
    public void SameAttributeAtBothLevels_StaysAtItsLevel()
    {
        string text = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=ice-ufrag:SESS
            a=x-unknown:session
            a=setup:actpass
            a=sendrecv
            m=audio 9 UDP/TLS/RTP/SAVPF 0
            a=ice-ufrag:MEDI
            a=x-unknown:media
            a=setup:active
            a=sendonly
            """);

        SessionDescription d = Parse(text);

        Assert.Equal("SESS", d.IceUfrag);
        Assert.Equal("actpass", d.Setup);
        Assert.Equal(
            [new SdpAttribute("ice-ufrag", "SESS"), new SdpAttribute("x-unknown", "session"),
             new SdpAttribute("setup", "actpass"), new SdpAttribute("sendrecv")],
            d.Attributes);
        MediaDescription m = d.Media[0];
        Assert.Equal("MEDI", m.IceUfrag);
        Assert.Equal("active", m.Setup);
        Assert.Equal(SdpDirection.SendOnly, m.Direction);
        Assert.Equal("media", m.GetAttributeValue("x-unknown"));
        Assert.Equal(text, d.ToString());
    }

    [Fact]
    public void UnknownAttributes_KeptVerbatimInOrder()
    {
        string text = SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=x-google-flag:conference
            m=video 9 UDP/TLS/RTP/SAVPF 96
            a=mid:v
            a=x-empty:
            a=rtpmap:96 VP8/90000
            a=framerate:29.97
            a=x-spaces:  two  leading
            a=tls-id:abc123
            """);

        SessionDescription d = Parse(text);

        Assert.Equal([new SdpAttribute("x-google-flag", "conference")], d.Attributes);
        Assert.Equal(
            ["mid", "x-empty", "rtpmap", "framerate", "x-spaces", "tls-id"],
            d.Media[0].Attributes.Select(a => a.Name));
        Assert.Equal("", d.Media[0].GetAttributeValue("x-empty"));
        Assert.Equal("  two  leading", d.Media[0].GetAttributeValue("x-spaces"));
        Assert.Equal(text, d.ToString());
    }

    [Fact]
    public void RarelyUsedLines_KeptAndWrittenInRfcOrder()
    {
        // RFC 8866 §5 order; r= and a second t= interleave; the m= section has i=, two b=, k=.
        string text = SdpSamples.Crlf("""
            v=0
            o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1
            s=Call to John Smith
            i=SDP Offer #1
            u=http://www.jdoe.example.com/home.html
            e=Jane Doe <jane@jdoe.example.com>
            p=+1 617 555-6011
            c=IN IP4 198.51.100.1
            b=CT:128
            t=0 0
            r=604800 3600 0 90000
            t=3724394400 3724398000
            z=2882844526 -1h 2898848070 0
            k=prompt
            a=recvonly
            m=audio 49170/2 RTP/AVP 0
            i=Voice
            c=IN IP6 2001:db8::2
            b=AS:64
            b=TIAS:64000
            k=prompt
            a=rtpmap:0 PCMU/8000
            m=application 32416 udp wb
            a=orient:portrait
            """);

        SessionDescription d = Parse(text);

        Assert.Equal("Call to John Smith", d.SessionName);
        Assert.Equal(new SdpConnection("IN", "IP4", "198.51.100.1"), d.Connection);
        Assert.Equal([new SdpBandwidth("CT", 128)], d.Bandwidths);
        Assert.Equal("iueprtzk", string.Concat(d.OtherFields.Select(f => f.Type)));
        MediaDescription audio = d.Media[0];
        Assert.Equal(49170, audio.Port);
        Assert.Equal(2, audio.PortCount);
        Assert.Equal("2001:db8::2", audio.ConnectionAddress);
        Assert.Equal("IP6", audio.Connection!.AddressType);
        Assert.Equal([new SdpBandwidth("AS", 64), new SdpBandwidth("TIAS", 64000)], audio.Bandwidths);
        Assert.Equal([new SdpField('i', "Voice"), new SdpField('k', "prompt")], audio.OtherFields);
        Assert.Equal(["wb"], d.Media[1].Formats);
        Assert.Equal(text, d.ToString());
    }

    [Fact]
    public void SessionLinesOutOfOrder_Accepted_WrittenInRfcOrder()
    {
        string text = "v=0\nt=0 0\ns=-\na=ice-lite\no=- 5 6 IN IP4 127.0.0.1\nb=AS:10\nm=audio 9 RTP/AVP 0\n";

        SessionDescription d = Parse(text);

        Assert.Equal(
            "v=0\r\no=- 5 6 IN IP4 127.0.0.1\r\ns=-\r\nb=AS:10\r\nt=0 0\r\na=ice-lite\r\nm=audio 9 RTP/AVP 0\r\n",
            d.ToString());
    }

    [Fact]
    public void DuplicateMidAcrossSections_Rejected_NamingBothLines()
    {
        string text = "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\nm=audio 9 RTP/AVP 0\na=mid:x\nm=video 9 RTP/AVP 96\na=mid:x\n";

        Assert.False(SessionDescription.TryParse(text, out _, out string? error));
        Assert.Equal("line 8: a=mid:x is already used by the m= section of line 5", error);
    }

    [Fact]
    public void MediaOnlyLineTypes_InMediaSection_RejectedWithReason()
    {
        string text = "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\nm=audio 9 RTP/AVP 0\nt=0 0\n";

        Assert.False(SessionDescription.TryParse(text, out _, out string? error));
        Assert.Equal("line 6: 't=' belongs to the session part, not inside the m= section of line 5", error);
    }

    [Fact]
    public void BundleMidsSetter_ReplacesInPlace_EmptyRemoves()
    {
        var d = new SessionDescription();
        d.AddAttribute("x-first");
        d.BundleMids = ["a"];
        d.AddAttribute("x-last");

        d.BundleMids = ["a", "b"];
        Assert.Equal([new SdpAttribute("x-first"), new SdpAttribute("group", "BUNDLE a b"), new SdpAttribute("x-last")], d.Attributes);

        d.BundleMids = [];
        Assert.Equal([new SdpAttribute("x-first"), new SdpAttribute("x-last")], d.Attributes);
        Assert.Empty(d.BundleMids);
    }
}
