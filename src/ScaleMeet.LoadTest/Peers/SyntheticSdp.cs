using System.Globalization;
using System.Security.Cryptography;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// SDP as Chrome writes it, for synthetic participants: the publish offer (sendonly Opus and VP8 + RTX, SSRCs
/// signalled, <c>a=setup:actpass</c>, BUNDLE, rtcp-mux; or, for simulcast tracks, the video as three rids
/// <c>q;h;f</c> with the rid header extensions and no video SSRCs) and the answer to a server's subscribe offer
/// (<c>a=setup:active</c>, the same mids, recvonly). Pure functions of their inputs.
/// </summary>
public static class SyntheticSdp
{
    public const byte OpusPayloadType = 111;
    public const byte Vp8PayloadType = 96;
    public const byte RtxPayloadType = 97;

    private const string Protocol = "UDP/TLS/RTP/SAVPF";
    private const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private const string TransportCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    private const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private const string RidUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    private const string RepairedRidUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>
    /// The offer of a publish connection sending <paramref name="tracks"/> over <paramref name="transport"/>. With
    /// <see cref="SyntheticTracks.IsSimulcast"/>, the video section carries what Chrome writes for simulcast:
    /// <c>a=rid:q send</c>, <c>a=rid:h send</c>, <c>a=rid:f send</c>, <c>a=simulcast:send q;h;f</c>, the mid, rid and
    /// repaired-rid extensions, and no <c>a=ssrc</c> lines.
    /// </summary>
    public static string PublishOffer(SyntheticTransport transport, SyntheticTracks tracks)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(tracks);
        if (!tracks.HasAudio && !tracks.HasVideo)
        {
            throw new ArgumentException("A publish offer needs an audio or a video track.", nameof(tracks));
        }

        var session = NewSession();
        var mid = 0;
        if (tracks.HasAudio)
        {
            var audio = Section("audio", mid++, [OpusPayloadType], transport, "actpass");
            audio.AddExtMap(new SdpExtMap(tracks.AudioLevelExtensionId, AudioLevelUri));
            audio.AddExtMap(new SdpExtMap(tracks.AudioTransportCcExtensionId, TransportCcUri));
            audio.Direction = SdpDirection.SendOnly;
            audio.Msid = $"{tracks.StreamId} {tracks.AudioTrackId}";
            audio.RtcpMux = true;
            audio.RtcpRsize = true;
            audio.AddRtpMap(new SdpRtpMap(OpusPayloadType, "opus", 48000, 2));
            audio.AddRtcpFeedback(OpusPayloadType, "transport-cc");
            audio.SetFmtp(OpusPayloadType, "minptime=10;useinbandfec=1");
            AddSsrc(audio, tracks.AudioSsrc, tracks, tracks.AudioTrackId);
            session.Media.Add(audio);
        }

        if (tracks.HasVideo)
        {
            var video = Section("video", mid, [Vp8PayloadType, RtxPayloadType], transport, "actpass");
            video.AddExtMap(new SdpExtMap(tracks.TransportCcExtensionId, TransportCcUri));
            video.AddExtMap(new SdpExtMap(tracks.MidExtensionId, MidUri));
            if (tracks.IsSimulcast)
            {
                video.AddExtMap(new SdpExtMap(tracks.RidExtensionId, RidUri));
                video.AddExtMap(new SdpExtMap(tracks.RepairedRidExtensionId, RepairedRidUri));
            }

            video.Direction = SdpDirection.SendOnly;
            video.Msid = $"{tracks.StreamId} {tracks.VideoTrackId}";
            video.RtcpMux = true;
            video.RtcpRsize = true;
            video.AddRtpMap(new SdpRtpMap(Vp8PayloadType, "VP8", 90000));
            foreach (var feedback in new[] { "goog-remb", "transport-cc", "ccm fir", "nack", "nack pli" })
            {
                video.AddRtcpFeedback(Vp8PayloadType, feedback);
            }

            video.AddRtpMap(new SdpRtpMap(RtxPayloadType, "rtx", 90000));
            video.SetFmtp(RtxPayloadType, "apt=" + Vp8PayloadType.ToString(CultureInfo.InvariantCulture));
            if (tracks.IsSimulcast)
            {
                // Chrome signals no SSRCs for simulcast: the bridge learns them from the rid extensions.
                foreach (var layer in tracks.SimulcastLayers!)
                {
                    video.AddRid(new SdpRid(layer.Rid, "send"));
                }

                video.Simulcast = SdpSimulcast.Of(tracks.SimulcastLayers!.Select(l => l.Rid), []);
            }
            else
            {
                video.AddSsrcGroup(new SdpSsrcGroup("FID", [tracks.VideoSsrc, tracks.VideoRtxSsrc]));
                AddSsrc(video, tracks.VideoSsrc, tracks, tracks.VideoTrackId);
                AddSsrc(video, tracks.VideoRtxSsrc, tracks, tracks.VideoTrackId);
            }

            session.Media.Add(video);
        }

        session.BundleMids = session.Media.Select(m => m.Mid!).ToArray();
        session.MsidSemantic = " WMS " + tracks.StreamId;
        return session.ToString();
    }

    /// <summary>
    /// The answer to a server's subscribe offer: every section keeps its mid; sending sections are answered recvonly
    /// with the offered codecs and extensions, inactive ones inactive, rejected ones (port 0) rejected.
    /// Throws <see cref="FormatException"/> when the offer does not parse.
    /// </summary>
    public static string SubscribeAnswer(SyntheticTransport transport, string offerSdp)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (!SessionDescription.TryParse(offerSdp, out var offer, out var error))
        {
            throw new FormatException($"subscribe offer does not parse: {error}");
        }

        var session = NewSession();
        foreach (var m in offer!.Media)
        {
            if (m.Port == 0 || m.Mid is null)
            {
                var rejected = new MediaDescription(m.Kind, 0, m.Protocol, m.Formats.Take(1)) { Mid = m.Mid };
                rejected.ConnectionAddress = "0.0.0.0";
                rejected.Direction = SdpDirection.Inactive;
                session.Media.Add(rejected);
                continue;
            }

            var answer = new MediaDescription(m.Kind, 9, m.Protocol, m.Formats);
            answer.ConnectionAddress = "0.0.0.0";
            WriteTransport(answer, transport, "active");
            answer.Mid = m.Mid;
            foreach (var extMap in m.ExtMaps)
            {
                answer.AddExtMap(extMap);
            }

            answer.Direction = m.Direction switch
            {
                SdpDirection.SendOnly or SdpDirection.SendRecv => SdpDirection.RecvOnly,
                _ => SdpDirection.Inactive,
            };
            answer.RtcpMux = true;
            answer.RtcpRsize = m.RtcpRsize;
            foreach (var rtpMap in m.RtpMaps)
            {
                answer.AddRtpMap(rtpMap);
                foreach (var feedback in m.GetRtcpFeedback(rtpMap.PayloadType))
                {
                    answer.AddRtcpFeedback(rtpMap.PayloadType, feedback);
                }

                if (m.GetFmtp(rtpMap.PayloadType) is { } fmtp)
                {
                    answer.SetFmtp(rtpMap.PayloadType, fmtp);
                }
            }

            session.Media.Add(answer);
        }

        session.BundleMids = session.Media.Where(m => m.Port != 0).Select(m => m.Mid!).ToArray();
        session.MsidSemantic = " WMS";
        return session.ToString();
    }

    private static SessionDescription NewSession()
    {
        var id = (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue) << 20;
        var session = new SessionDescription { Origin = new SdpOrigin("-", id, 2) };
        session.ExtmapAllowMixed = true;
        return session;
    }

    private static MediaDescription Section(string kind, int mid, byte[] payloadTypes, SyntheticTransport transport, string setup)
    {
        var media = new MediaDescription(kind, 9, Protocol, payloadTypes.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        media.ConnectionAddress = "0.0.0.0";
        media.AddAttribute("rtcp", "9 IN IP4 0.0.0.0");
        WriteTransport(media, transport, setup);
        media.Mid = mid.ToString(CultureInfo.InvariantCulture);
        return media;
    }

    private static void WriteTransport(MediaDescription media, SyntheticTransport transport, string setup)
    {
        media.IceUfrag = transport.LocalUfrag;
        media.IcePwd = transport.LocalPwd;
        media.AddAttribute("ice-options", "trickle");
        media.Fingerprint = new SdpFingerprint("sha-256", transport.LocalFingerprint);
        media.Setup = setup;
    }

    private static void AddSsrc(MediaDescription media, uint ssrc, SyntheticTracks tracks, string trackId)
    {
        media.AddSsrcAttribute(ssrc, "cname", tracks.Cname);
        media.AddSsrcAttribute(ssrc, "msid", $"{tracks.StreamId} {trackId}");
    }
}
