using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Media.Tests.Sdp;

/// <summary>Each typed attribute: value → record → value round trips, and rejections.</summary>
public sealed class SdpAttributeTypesTests
{
    [Theory]
    // Chrome host, srflx, relay, tcp; Firefox host and srflx; mDNS host.
    [InlineData("1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0 network-id 1")]
    [InlineData("842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.168.0.196 rport 46243 generation 0 ufrag EsAw network-id 1 network-cost 10")]
    [InlineData("3745744291 1 udp 41885439 198.51.100.20 3478 typ relay raddr 203.0.113.7 rport 46154 generation 0 ufrag EsAw network-id 1")]
    [InlineData("1853887674 1 tcp 1518280447 192.168.0.196 9 typ host tcptype active generation 0 network-id 1")]
    [InlineData("0 1 UDP 2122252543 192.168.1.2 49753 typ host")]
    [InlineData("2 1 UDP 1686052863 203.0.113.9 49753 typ srflx raddr 192.168.1.2 rport 49753")]
    [InlineData("1 1 TCP 2105524479 192.168.1.2 9 typ host tcptype active")]
    [InlineData("2739124466 1 udp 2113937151 9f3c1e52-7b44-4a0f-9c1a-3e2d6b5f8a71.local 51202 typ host generation 0 network-cost 999")]
    [InlineData("1 2 udp 2130706430 2001:db8::7 40000 typ host")]
    public void Candidate_RoundTrip_SameLine(string value)
    {
        Assert.True(SdpCandidate.TryParse(value, out SdpCandidate? c));
        Assert.Equal(value, c.ToValue());
        Assert.True(SdpCandidate.TryParseCandidateString("candidate:" + value, out SdpCandidate? trickled));
        Assert.Equal(c, trickled);
        Assert.Equal("candidate:" + value, c.ToCandidateString());
    }

    [Fact]
    public void Candidate_ChromeSrflx_FieldsParsed()
    {
        Assert.True(SdpCandidate.TryParse(
            "842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.168.0.196 rport 46243 generation 0 ufrag EsAw network-id 1 network-cost 10",
            out SdpCandidate? c));

        Assert.Equal("842163049", c.Foundation);
        Assert.Equal(1, c.Component);
        Assert.Equal("udp", c.Transport);
        Assert.Equal(1677729535u, c.Priority);
        Assert.Equal("203.0.113.7", c.Address);
        Assert.Equal(46154, c.Port);
        Assert.Equal("srflx", c.Type);
        Assert.Equal("192.168.0.196", c.RelatedAddress);
        Assert.Equal(46243, c.RelatedPort);
        Assert.Null(c.TcpType);
        Assert.Equal(0u, c.Generation);
        Assert.Equal("EsAw", c.Ufrag);
        Assert.Equal(
            [new SdpCandidateExtension("ufrag", "EsAw"), new SdpCandidateExtension("network-id", "1"),
             new SdpCandidateExtension("network-cost", "10")],
            c.Extensions);
    }

    [Theory]
    [InlineData("1 1 udp 2122260223 192.168.0.196 46243 host")]                  // no "typ"
    [InlineData("1 1 udp 2122260223 192.168.0.196 46243 typ")]                   // no type
    [InlineData("1 0 udp 2122260223 192.168.0.196 46243 typ host")]              // component 0
    [InlineData("1 1 udp 4294967296 192.168.0.196 46243 typ host")]              // priority > 32 bits
    [InlineData("1 1 udp 2122260223 192.168.0.196 65536 typ host")]              // port > 65535
    [InlineData("1 1 udp 2122260223 192.168.0.196 -1 typ host")]                 // negative port
    [InlineData("1 1 udp 2122260223 192.168.0.196 46243 typ host generation")]  // extension without value
    [InlineData("1 1 udp 2122260223 192.168.0.196 46243 typ host rport x")]     // rport not a number
    [InlineData("1 1 udp 2122260223 192.168.0.196 46243 typ host raddr a raddr b")]
    [InlineData("1  1 udp 2122260223 192.168.0.196 46243 typ host")]             // double space
    [InlineData("f:o 1 udp 2122260223 192.168.0.196 46243 typ host")]            // foundation not ice-chars
    [InlineData("")]
    public void Candidate_Malformed_Rejected(string value)
    {
        Assert.False(SdpCandidate.TryParse(value, out SdpCandidate? c));
        Assert.Null(c);
    }

    [Theory]
    [InlineData("send q;h;f", 3, 0)]
    [InlineData("recv 1,2;~3", 0, 2)]
    [InlineData("send 1;2 recv 3", 2, 1)]
    [InlineData("send ~lo;mid,mid2;hi", 3, 0)]
    public void Simulcast_RoundTrip_StreamsAndAlternatives(string value, int send, int receive)
    {
        Assert.True(SdpSimulcast.TryParse(value, out SdpSimulcast? s));
        Assert.Equal(send, s.Send.Count);
        Assert.Equal(receive, s.Receive.Count);
        Assert.Equal(value, s.ToValue());
    }

    [Fact]
    public void Simulcast_PausedAndAlternatives_Parsed()
    {
        Assert.True(SdpSimulcast.TryParse("recv 1,2;~3", out SdpSimulcast? s));

        Assert.Equal([new SdpSimulcastRid("1"), new SdpSimulcastRid("2")], s.Receive[0]);
        Assert.Equal([new SdpSimulcastRid("3", Paused: true)], s.Receive[1]);
    }

    [Fact]
    public void Simulcast_RecvFirst_WrittenSendFirst()
    {
        Assert.True(SdpSimulcast.TryParse("recv 3 send 1;2", out SdpSimulcast? s));
        Assert.Equal("send 1;2 recv 3", s.ToValue());
    }

    [Theory]
    [InlineData("send")]
    [InlineData("send q;;f")]
    [InlineData("send q,")]
    [InlineData("send q send h")]
    [InlineData("sendrecv q")]
    [InlineData("send ~")]
    [InlineData("send q h")]
    [InlineData("send q;h; recv f")]
    public void Simulcast_Malformed_Rejected(string value) => Assert.False(SdpSimulcast.TryParse(value, out _));

    [Theory]
    [InlineData("9 urn:ietf:params:rtp-hdrext:sdes:mid", 9, "urn:ietf:params:rtp-hdrext:sdes:mid", null, null)]
    [InlineData("2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level", 2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", "recvonly", null)]
    [InlineData("15/sendrecv urn:ietf:params:rtp-hdrext:encrypt urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on",
        15, "urn:ietf:params:rtp-hdrext:encrypt", "sendrecv", "urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on")]
    [InlineData("255 urn:example:two-byte", 255, "urn:example:two-byte", null, null)]
    [InlineData("4096 urn:example:offer-range", 4096, "urn:example:offer-range", null, null)]
    public void ExtMap_RoundTrip_DirectionAndAttributes(string value, int id, string uri, string? direction, string? attributes)
    {
        Assert.True(SdpExtMap.TryParse(value, out SdpExtMap? e));
        Assert.Equal(new SdpExtMap(id, uri, direction, attributes), e);
        Assert.Equal(value, e.ToValue());
    }

    [Theory]
    [InlineData("0 urn:x")]
    [InlineData("256 urn:x")]
    [InlineData("1/both urn:x")]
    [InlineData("1")]
    [InlineData("1 ")]
    [InlineData("x urn:x")]
    [InlineData("1 urn:x ")]
    public void ExtMap_Malformed_Rejected(string value) => Assert.False(SdpExtMap.TryParse(value, out _));

    [Theory]
    [InlineData("f send pt=96,97;max-width=1280;max-height=720", "f", "send")]
    [InlineData("1 recv", "1", "recv")]
    [InlineData("hi-res_2 send max-br=2500000", "hi-res_2", "send")]
    public void Rid_RoundTrip_DirectionAndParams(string value, string id, string direction)
    {
        Assert.True(SdpRid.TryParse(value, out SdpRid? rid));
        Assert.Equal(id, rid.Id);
        Assert.Equal(direction, rid.Direction);
        Assert.Equal(value, rid.ToValue());
    }

    [Fact]
    public void Rid_Params_ReadByName()
    {
        Assert.True(SdpRid.TryParse("f send pt=96,97;max-width=1280;max-height=720", out SdpRid? rid));

        Assert.Equal("pt=96,97;max-width=1280;max-height=720", rid.Params);
        Assert.Equal("96,97", rid.GetParameter("pt"));
        Assert.Equal("1280", rid.GetParameter("max-width"));
        Assert.Null(rid.GetParameter("max-fps"));
    }

    [Theory]
    [InlineData("f sendrecv")]
    [InlineData("f")]
    [InlineData("f.1 send")]
    [InlineData("f send ")]
    public void Rid_Malformed_Rejected(string value) => Assert.False(SdpRid.TryParse(value, out _));

    [Theory]
    [InlineData("111 opus/48000/2", 111, "opus", 48000, 2)]
    [InlineData("96 VP8/90000", 96, "VP8", 90000, null)]
    [InlineData("0 PCMU/8000", 0, "PCMU", 8000, null)]
    public void RtpMap_RoundTrip(string value, int pt, string name, int clock, int? channels)
    {
        Assert.True(SdpRtpMap.TryParse(value, out SdpRtpMap? map));
        Assert.Equal(new SdpRtpMap(pt, name, clock, channels), map);
        Assert.Equal(value, map.ToValue());
    }

    [Theory]
    [InlineData("128 VP8/90000")]
    [InlineData("96 VP8")]
    [InlineData("96 VP8/")]
    [InlineData("96 VP8/90000/2/1")]
    [InlineData("96 VP8/0")]
    [InlineData("96VP8/90000")]
    [InlineData("-1 VP8/90000")]
    [InlineData("96 /90000")]
    public void RtpMap_Malformed_Rejected(string value) => Assert.False(SdpRtpMap.TryParse(value, out _));

    [Fact]
    public void SsrcGroup_Sim_RoundTrip()
    {
        Assert.True(SdpSsrcGroup.TryParse("SIM 1 2 4294967295", out SdpSsrcGroup? g));
        Assert.Equal(new SdpSsrcGroup("SIM", [1u, 2u, 4294967295u]), g);
        Assert.Equal("SIM 1 2 4294967295", g.ToValue());
        Assert.False(SdpSsrcGroup.TryParse("FID 1 4294967296", out _));
        Assert.False(SdpSsrcGroup.TryParse("FID", out _));
    }

    [Fact]
    public void Fingerprint_Sha256OfCertificate_MatchesAndFormats()
    {
        byte[] der = [0x30, 0x82, 0x01, 0x0a, 0x02, 0x01, 0x01];
        SdpFingerprint f = SdpFingerprint.Sha256(der);

        Assert.Equal("sha-256", f.Algorithm);
        Assert.Equal(32 * 3 - 1, f.Value.Length);
        Assert.True(SdpFingerprint.TryParse(f.ToValue(), out SdpFingerprint? parsed));
        Assert.Equal(f, parsed);
        Assert.True(f.Matches(der));
        Assert.True((f with { Value = f.Value.ToLowerInvariant() }).Matches(der));
        Assert.False(f.Matches([0x30]));
        Assert.False(SdpFingerprint.TryParse("sha-256 D2:FA:0", out _));
        Assert.False(SdpFingerprint.TryParse("sha-256 D2FA", out _));
        Assert.False(SdpFingerprint.TryParse("sha-256 G2:FA", out _));
    }
}
