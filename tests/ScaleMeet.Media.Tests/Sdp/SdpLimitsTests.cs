using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Media.Tests.Sdp;

/// <summary>The parser's bounds: a description at a bound parses; one line past it stops the parse there, naming the bound.</summary>
public sealed class SdpLimitsTests
{
    private static readonly string[] ChromeLines = SdpSamples.ChromeOffer.Split("\r\n");

    /// <summary>a= lines of the Chrome sample's largest part (session part or one m= section).</summary>
    private static int MostAttributesInAPart()
    {
        var most = 0;
        var current = 0;
        foreach (var line in ChromeLines)
        {
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                current = 0;
            }
            else if (line.StartsWith("a=", StringComparison.Ordinal))
            {
                most = Math.Max(most, ++current);
            }
        }

        return most;
    }

    [Fact]
    public void ChromeOffer_AtEveryBound_Parses()
    {
        var limits = new SdpLimits(MaxMediaSections: 2, MaxAttributesPerSection: MostAttributesInAPart());

        Assert.True(SessionDescription.TryParse(SdpSamples.ChromeOffer, limits, out var description, out var error, out var exceeded), error);

        Assert.Equal(SdpLimit.None, exceeded);
        Assert.Equal(SdpSamples.ChromeOffer, description!.ToString());
    }

    [Fact]
    public void ChromeOffer_OneSectionOverTheBound_StopsAtThatMLine()
    {
        var videoLine = Array.FindIndex(ChromeLines, l => l.StartsWith("m=video", StringComparison.Ordinal)) + 1;

        Assert.False(SessionDescription.TryParse(SdpSamples.ChromeOffer, new SdpLimits(1, int.MaxValue), out var description, out var error, out var exceeded));

        Assert.Null(description);
        Assert.Equal(SdpLimit.MediaSections, exceeded);
        Assert.Equal($"line {videoLine}: more than 1 m= sections (the limit)", error);
    }

    [Fact]
    public void ChromeOffer_OneAttributeOverTheBound_StopsAtThatLine()
    {
        var bound = MostAttributesInAPart() - 1;

        Assert.False(SessionDescription.TryParse(SdpSamples.ChromeOffer, new SdpLimits(int.MaxValue, bound), out _, out var error, out var exceeded));

        Assert.Equal(SdpLimit.AttributesPerSection, exceeded);
        Assert.Matches($@"^line \d+: more than {bound} a= lines in the m= section of line \d+ \(the limit\)$", error);
    }

    [Fact]
    public void RidLines_OverTheirBound_StopAtTheFirstOnePast()
    {
        var rids = string.Concat(Enumerable.Range(0, 1000).Select(i => $"a=rid:r{i} send\r\n"));
        var sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n" + rids;

        Assert.False(SessionDescription.TryParse(sdp, new SdpLimits(4, 2000, MaxRidsPerSection: 3), out _, out var error, out var exceeded));

        Assert.Equal(SdpLimit.RidsPerSection, exceeded);
        Assert.Equal("line 10: more than 3 a=rid lines in the m= section of line 5 (the limit)", error);
        Assert.True(SessionDescription.TryParse(sdp, new SdpLimits(4, 2000, MaxRidsPerSection: 1000), out var description, out var unbounded, out _), unbounded);
        Assert.Equal(1000, description!.Media[0].Rids.Count);
    }

    [Fact]
    public void ExtMapLines_OverTheirBound_StopAtTheFirstOnePast()
    {
        var extMaps = string.Concat(Enumerable.Range(1, 20).Select(i => $"a=extmap:{i} urn:example:{i}\r\n"));
        var sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n" + extMaps;

        Assert.False(SessionDescription.TryParse(sdp, new SdpLimits(4, 100, MaxExtMapsPerSection: 16), out _, out var error, out var exceeded));

        Assert.Equal(SdpLimit.ExtMapsPerSection, exceeded);
        Assert.Equal("line 23: more than 16 a=extmap lines in the m= section of line 5 (the limit)", error);
    }

    [Fact]
    public void SessionPart_OverTheBound_NamesTheSessionPart()
    {
        var sdp = SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\na=ice-lite\na=extmap-allow-mixed\na=msid-semantic: WMS");

        Assert.False(SessionDescription.TryParse(sdp, new SdpLimits(4, 2), out _, out var error, out var exceeded));

        Assert.Equal(SdpLimit.AttributesPerSection, exceeded);
        Assert.Equal("line 7: more than 2 a= lines in the session part (the limit)", error);
    }

    [Fact]
    public void ManySections_Bounded_LinesAfterTheBoundAreNeverRead()
    {
        // 770 audio sections followed by a line the parser would refuse: the bound answers first.
        var sections = string.Concat(Enumerable.Range(0, 770).Select(i => $"m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:{i}\r\n"));
        var sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + sections + "X=not a line\r\n";

        Assert.False(SessionDescription.TryParse(sdp, new SdpLimits(4, 16), out _, out var error, out var exceeded));

        Assert.Equal(SdpLimit.MediaSections, exceeded);
        Assert.Equal("line 13: more than 4 m= sections (the limit)", error);
        Assert.False(SessionDescription.TryParse(sdp, SdpLimits.None, out _, out var unbounded, out var none));
        Assert.Equal(SdpLimit.None, none);
        Assert.StartsWith($"line {5 + (770 * 2)}: ", unbounded, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedLine_BeforeAnyBound_NoLimitNamed()
    {
        Assert.False(SessionDescription.TryParse("v=0\r\nthis is not SDP\r\n", new SdpLimits(1, 1), out _, out var error, out var exceeded));

        Assert.Equal(SdpLimit.None, exceeded);
        Assert.StartsWith("line 2: ", error, StringComparison.Ordinal);
    }
}
