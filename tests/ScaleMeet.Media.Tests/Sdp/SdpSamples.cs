namespace ScaleMeet.Media.Tests.Sdp;

/// <summary>
/// Hand-written descriptions in the exact shape browsers produce (attribute order, spacing, ids).
/// Each is written with LF in the source and turned into CRLF text, as browsers send it.
/// </summary>
internal static class SdpSamples
{
    public static string Crlf(string lf) => lf.ReplaceLineEndings("\r\n") + "\r\n";

    public const string Fingerprint =
        "D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F";

    public const string StreamId = "4b7e1c9a-5d2f-4f0e-9a77-3c1d2e6f8a10";
    public const string AudioTrackId = "0c6a4a4e-1f0b-4b1f-8d8e-2f7b5a9c3d21";
    public const string VideoTrackId = "9f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";

    private const string SessionPart = """
        v=0
        o=- 4611731400430051336 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS 4b7e1c9a-5d2f-4f0e-9a77-3c1d2e6f8a10
        """;

    private const string AudioPart = """
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:EsAw
        a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
        a=ice-options:trickle
        a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendonly
        a=msid:4b7e1c9a-5d2f-4f0e-9a77-3c1d2e6f8a10 0c6a4a4e-1f0b-4b1f-8d8e-2f7b5a9c3d21
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:1842153372 cname:Hk2EuYvXqRk0D1xq
        a=ssrc:1842153372 msid:4b7e1c9a-5d2f-4f0e-9a77-3c1d2e6f8a10 0c6a4a4e-1f0b-4b1f-8d8e-2f7b5a9c3d21
        """;

    private const string VideoHead = """
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102 103 45 46
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:EsAw
        a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y
        a=ice-options:trickle
        a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:13 urn:3gpp:video-orientation
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
        a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
        a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendonly
        a=msid:4b7e1c9a-5d2f-4f0e-9a77-3c1d2e6f8a10 9f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:98 VP9/90000
        a=rtcp-fb:98 goog-remb
        a=rtcp-fb:98 transport-cc
        a=rtcp-fb:98 ccm fir
        a=rtcp-fb:98 nack
        a=rtcp-fb:98 nack pli
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=rtpmap:100 VP9/90000
        a=rtcp-fb:100 goog-remb
        a=rtcp-fb:100 transport-cc
        a=rtcp-fb:100 ccm fir
        a=rtcp-fb:100 nack
        a=rtcp-fb:100 nack pli
        a=fmtp:100 profile-id=2
        a=rtpmap:101 rtx/90000
        a=fmtp:101 apt=100
        a=rtpmap:102 H264/90000
        a=rtcp-fb:102 goog-remb
        a=rtcp-fb:102 transport-cc
        a=rtcp-fb:102 ccm fir
        a=rtcp-fb:102 nack
        a=rtcp-fb:102 nack pli
        a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:103 rtx/90000
        a=fmtp:103 apt=102
        a=rtpmap:45 AV1/90000
        a=rtcp-fb:45 goog-remb
        a=rtcp-fb:45 transport-cc
        a=rtcp-fb:45 ccm fir
        a=rtcp-fb:45 nack
        a=rtcp-fb:45 nack pli
        a=fmtp:45 level-idx=5;profile=0;tier=0
        a=rtpmap:46 rtx/90000
        a=fmtp:46 apt=45
        """;

    private const string VideoSsrcs = """
        a=ssrc-group:FID 2951637284 1287360425
        a=ssrc:2951637284 cname:Hk2EuYvXqRk0D1xq
        a=ssrc:2951637284 msid:4b7e1c9a-5d2f-4f0e-9a77-3c1d2e6f8a10 9f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b
        a=ssrc:1287360425 cname:Hk2EuYvXqRk0D1xq
        a=ssrc:1287360425 msid:4b7e1c9a-5d2f-4f0e-9a77-3c1d2e6f8a10 9f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b
        """;

    private const string VideoSimulcast = """
        a=rid:q send
        a=rid:h send
        a=rid:f send
        a=simulcast:send q;h;f
        """;

    /// <summary>Chrome publishing microphone + camera: SSRCs signalled, RTX paired by ssrc-group:FID.</summary>
    public static readonly string ChromeOffer = Crlf(SessionPart + "\n" + AudioPart + "\n" + VideoHead + "\n" + VideoSsrcs);

    /// <summary>The same with sendEncodings [q, h, f]: rids and a=simulcast, no SSRC lines in the video section.</summary>
    public static readonly string ChromeSimulcastOffer = Crlf(SessionPart + "\n" + AudioPart + "\n" + VideoHead + "\n" + VideoSimulcast);

    /// <summary>Firefox: session-level fingerprint, alphabetical attribute order, extmap directions, data channel.</summary>
    public static readonly string FirefoxOffer = Crlf("""
        v=0
        o=mozilla...THIS_IS_SDPARTA-99.0 7136436355209337400 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=fingerprint:sha-256 7A:1F:3C:90:DE:45:08:B2:6C:11:AF:E3:59:94:0D:7B:C8:22:31:6E:4A:F0:85:D9:13:B7:6A:2C:E0:58:9F:41
        a=group:BUNDLE 0 1 2
        a=ice-options:trickle
        a=msid-semantic:WMS *
        m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
        a=fmtp:101 0-15
        a=ice-pwd:1b5f0e3c7d9a4b2e8f6c0d1a3e5b7c9d
        a=ice-ufrag:6e3d2c1b
        a=mid:0
        a=msid:{5c2d8f4e-7a91-4b3c-9e02-1d6f8a4b3c2e} {a3b9c1d7-2e4f-4a6b-8c0d-9e1f2a3b4c5d}
        a=rtcp-mux
        a=rtpmap:109 opus/48000/2
        a=rtpmap:9 G722/8000/1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000/1
        a=setup:actpass
        a=ssrc:3787402217 cname:{0e4c7a2b-9d1f-4e3a-b5c6-7d8e9f0a1b2c}
        m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
        a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
        a=fmtp:120 max-fs=12288;max-fr=60
        a=fmtp:124 apt=120
        a=fmtp:121 max-fs=12288;max-fr=60
        a=fmtp:125 apt=121
        a=fmtp:127 apt=126
        a=fmtp:98 apt=97
        a=ice-pwd:1b5f0e3c7d9a4b2e8f6c0d1a3e5b7c9d
        a=ice-ufrag:6e3d2c1b
        a=mid:1
        a=msid:{5c2d8f4e-7a91-4b3c-9e02-1d6f8a4b3c2e} {e7d6c5b4-a3f2-4e1d-9c8b-7a6f5e4d3c2b}
        a=rtcp-fb:120 nack
        a=rtcp-fb:120 nack pli
        a=rtcp-fb:120 ccm fir
        a=rtcp-fb:120 goog-remb
        a=rtcp-fb:120 transport-cc
        a=rtcp-fb:121 nack
        a=rtcp-fb:121 nack pli
        a=rtcp-fb:121 ccm fir
        a=rtcp-fb:121 goog-remb
        a=rtcp-fb:121 transport-cc
        a=rtcp-fb:126 nack
        a=rtcp-fb:126 nack pli
        a=rtcp-fb:126 ccm fir
        a=rtcp-fb:126 goog-remb
        a=rtcp-fb:126 transport-cc
        a=rtcp-fb:97 nack
        a=rtcp-fb:97 nack pli
        a=rtcp-fb:97 ccm fir
        a=rtcp-fb:97 goog-remb
        a=rtcp-fb:97 transport-cc
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:120 VP8/90000
        a=rtpmap:124 rtx/90000
        a=rtpmap:121 VP9/90000
        a=rtpmap:125 rtx/90000
        a=rtpmap:126 H264/90000
        a=rtpmap:127 rtx/90000
        a=rtpmap:97 H264/90000
        a=rtpmap:98 rtx/90000
        a=setup:actpass
        a=ssrc:2612436913 cname:{0e4c7a2b-9d1f-4e3a-b5c6-7d8e9f0a1b2c}
        a=ssrc:1530177082 cname:{0e4c7a2b-9d1f-4e3a-b5c6-7d8e9f0a1b2c}
        a=ssrc-group:FID 2612436913 1530177082
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=ice-pwd:1b5f0e3c7d9a4b2e8f6c0d1a3e5b7c9d
        a=ice-ufrag:6e3d2c1b
        a=mid:2
        a=setup:actpass
        a=sctp-port:5000
        a=max-message-size:1073741823
        """);
}
