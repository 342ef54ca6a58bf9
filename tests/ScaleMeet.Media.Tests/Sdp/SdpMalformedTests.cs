using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Media.Tests.Sdp;

/// <summary>Bad input returns false with "line N: …" and never throws.</summary>
public sealed class SdpMalformedTests
{
    private static readonly string[] ValidLines = SdpSamples.ChromeOffer.Split("\r\n")[..^1];

    private static string Rejected(string text)
    {
        bool ok = SessionDescription.TryParse(text, out SessionDescription? d, out string? error);
        Assert.False(ok);
        Assert.Null(d);
        Assert.NotNull(error);
        return error;
    }

    /// <summary>The Chrome offer with line <paramref name="lineNumber"/> (1-based) replaced.</summary>
    private static string WithLine(int lineNumber, string replacement)
    {
        string[] lines = (string[])ValidLines.Clone();
        lines[lineNumber - 1] = replacement;
        return string.Join("\r\n", lines) + "\r\n";
    }

    private static int LineOf(string prefix) => Array.FindIndex(ValidLines, l => l.StartsWith(prefix, StringComparison.Ordinal)) + 1;

    [Fact]
    public void MissingVersionLine_Rejected_AtLine1()
    {
        string error = Rejected(string.Join("\r\n", ValidLines[1..]) + "\r\n");
        Assert.StartsWith("line 1: expected 'v=0'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "line 1: the SDP is empty")]
    [InlineData("\r\n", "line 1: the SDP is empty")]
    [InlineData("v=1\r\n", "line 1: unsupported SDP version")]
    [InlineData("v=0\r\n", "line 1: end of SDP: the description has no 'o=' line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nt=0 0\r\n", "line 3: end of SDP: the description has no 's=' line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n", "line 3: end of SDP: the description has no 't=' line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n", "line 4: m= line reached but the description has no 't=' line")]
    [InlineData("v=0\r\no=- x 1 IN IP4 127.0.0.1\r\n", "line 2: malformed o= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\n", "line 2: malformed o= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0\r\n", "line 4: malformed t= line")]
    [InlineData("v=0\r\nv=0\r\n", "line 2: a second 'v=' line")]
    [InlineData("v=0\r\n\r\no=- 1 1 IN IP4 127.0.0.1\r\n", "line 2: empty line")]
    [InlineData("v=0\r\nx=1\r\n", "line 2: unknown line type 'x='")]
    [InlineData("v=0\r\nO=1\r\n", "line 2: 'O=' is not an SDP line type")]
    [InlineData("v=0\r\nhello\r\n", "line 2: expected '<letter>=<value>'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\0\r\n", "line 2: the line holds a NUL")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\r\n", "line 2: the line holds a NUL or a stray CR")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nr=604800\r\nb=AS\r\n", "line 6: malformed b= line")]
    public void SmallInputs_Rejected_WithLineAndReason(string text, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Rejected(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m=audio", "malformed m= line")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF", "malformed m= line")]
    [InlineData("m=audio nine UDP/TLS/RTP/SAVPF 111", "m= port 'nine' is not a number")]
    [InlineData("m=audio 70000 UDP/TLS/RTP/SAVPF 111", "m= port '70000' is not a number")]
    [InlineData("m=audio 9/0 UDP/TLS/RTP/SAVPF 111", "m= number of ports '0'")]
    [InlineData("m=audio 9 UDP//SAVPF 111", "m= protocol 'UDP//SAVPF' is malformed")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111 opus", "m= format 'opus' is not an RTP payload type")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 128", "m= format '128' is not an RTP payload type")]
    [InlineData("m=audio  9 UDP/TLS/RTP/SAVPF 111", "m= port '' is not a number")]
    public void BadMediaLine_Rejected_AtItsLine(string line, string reason)
    {
        int n = LineOf("m=audio");
        Assert.Equal($"line {n}: {reason}", Rejected(WithLine(n, line))[..($"line {n}: ".Length + reason.Length)]);
    }

    [Theory]
    [InlineData("a=rtpmap:111 opus/48000/2", "a=rtpmap:garbage")]
    [InlineData("a=rtpmap:111 opus/48000/2", "a=rtpmap:111")]
    [InlineData("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus/forty")]
    [InlineData("a=rtpmap:111 opus/48000/2", "a=rtpmap")]
    [InlineData("a=fmtp:111 minptime=10;useinbandfec=1", "a=fmtp:111")]
    [InlineData("a=rtcp-fb:111 transport-cc", "a=rtcp-fb:abc transport-cc")]
    [InlineData("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=extmap:one urn:x")]
    [InlineData("a=ssrc:1842153372 cname:Hk2EuYvXqRk0D1xq", "a=ssrc:-5 cname:x")]
    [InlineData("a=ssrc-group:FID 2951637284 1287360425", "a=ssrc-group:FID 2951637284 x")]
    [InlineData("a=fingerprint:sha-256 ", "a=fingerprint:sha-256 ZZ")]
    [InlineData("a=setup:actpass", "a=setup:maybe")]
    [InlineData("a=ice-ufrag:EsAw", "a=ice-ufrag:E:w")]
    [InlineData("a=ice-pwd:", "a=ice-pwd:tooshort")]
    [InlineData("a=rtcp-mux", "a=rtcp-mux:1")]
    [InlineData("a=msid:", "a=msid:a b c")]
    [InlineData("a=group:BUNDLE 0 1", "a=group:BUNDLE 0  1")]
    [InlineData("a=mid:1", "a=mid:0")]
    [InlineData("a=mid:1", "a=mid")]
    [InlineData("a=rtcp:9 IN IP4 0.0.0.0", "a=rtcp:9 IN IP4")]
    [InlineData("a=sendonly", "a=")]
    [InlineData("a=sendonly", "a=send only")]
    [InlineData("c=IN IP4 0.0.0.0", "c=IN IP4")]
    [InlineData("a=ssrc:2951637284 cname:Hk2EuYvXqRk0D1xq", "o=- 1 1 IN IP4 127.0.0.1")]
    public void BadLine_Rejected_ErrorNamesThatLine(string original, string replacement)
    {
        int n = Array.FindLastIndex(ValidLines, l => l.StartsWith(original, StringComparison.Ordinal)) + 1;
        Assert.True(n > 0, "sample line not found: " + original);

        string error = Rejected(WithLine(n, replacement));

        Assert.StartsWith($"line {n}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondMidInOneSection_Rejected()
    {
        int n = LineOf("a=mid:0");
        string[] lines = [.. ValidLines[..n], "a=mid:9", .. ValidLines[n..]];
        Assert.StartsWith($"line {n + 1}: a second a=mid", Rejected(string.Join("\n", lines)), StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedOffer_AtEveryLineBoundary_NeverThrows_AndEarlyCutsRejected()
    {
        for (int cut = 0; cut < ValidLines.Length; cut++)
        {
            string text = string.Join("\r\n", ValidLines[..cut]);
            bool ok = SessionDescription.TryParse(text, out _, out string? error);
            if (cut < 4) Assert.False(ok); // before "t=0 0" the description is incomplete
            if (!ok) Assert.Matches(@"^line \d+: ", error!);
        }
    }

    [Fact]
    public void TruncatedLines_InsideEachTypedAttribute_Rejected()
    {
        // Cutting these values anywhere after the colon leaves a malformed value.
        string[] prefixes = ["a=rtpmap:96 VP8/", "a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0",
            "a=ssrc-group:FID ", "a=ice-pwd:bP+XJMM09aR8AiX1jd", "a=extmap:14 ", "m=video 9 UDP/TLS/RTP/SAVPF"];
        foreach (string prefix in prefixes)
        {
            int n = Array.FindIndex(ValidLines, l => l.StartsWith(prefix, StringComparison.Ordinal)) + 1;
            Assert.True(n > 0, prefix);
            int valueStart = prefix[0] == 'a' ? prefix.IndexOf(':', StringComparison.Ordinal) : 1;
            for (int len = valueStart + 1; len <= prefix.Length; len++)
            {
                Assert.False(SessionDescription.TryParse(WithLine(n, prefix[..len]), out _, out _), prefix[..len]);
                string error = Rejected(WithLine(n, prefix[..len]));
                Assert.StartsWith($"line {n}: ", error, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void RandomBytes_Rejected_NeverThrow()
    {
        var random = new Random(8866);
        for (int i = 0; i < 3000; i++)
        {
            var chars = new char[random.Next(0, 400)];
            for (int j = 0; j < chars.Length; j++) chars[j] = (char)random.Next(0, 256);
            string text = new(chars);
            if (text.StartsWith("v=0", StringComparison.Ordinal)) continue;
            Assert.Matches(@"^line \d+: ", Rejected(text));
        }
    }

    [Fact]
    public void RandomLines_AfterValidHeader_Rejected_NeverThrow()
    {
        var random = new Random(4566);
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :;/=.-_~*+\t\u00e9";
        for (int i = 0; i < 3000; i++)
        {
            var lines = new List<string> { "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0" };
            int garbage = random.Next(1, 6);
            for (int k = 0; k < garbage; k++)
            {
                var chars = new char[random.Next(0, 40)];
                for (int j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
                // Force a line that cannot be valid: no '=' in second position, or an unknown type letter.
                string line = new(chars);
                lines.Add(random.Next(2) == 0 ? "#" + line : "y=" + line);
            }
            Assert.Matches(@"^line \d+: ", Rejected(string.Join(random.Next(2) == 0 ? "\n" : "\r\n", lines)));
        }
    }
}
