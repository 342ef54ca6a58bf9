using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// Answers a browser's publish offer: accepts Opus and VP8 (+RTX) in sending sections, rejects the rest
/// (port 0). A single-encoding track's SSRCs come from <c>a=ssrc</c> / <c>a=ssrc-group:FID</c>; a simulcast
/// track (<c>a=rid</c> + <c>a=simulcast:send</c>) is accepted with its rids, lowest first as listed, and its
/// SSRCs are learned from the rid header extensions. An offer past a bound of <see cref="NegotiationOptions"/>
/// (bytes, sections, a= lines, rids, SSRCs, header extensions) is refused naming the setting; the parser stops at
/// the first line past a section, line, rid or header extension bound. Pure function; runs off the media loop.
/// </summary>
internal static class PublishNegotiator
{
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string RidUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRidUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    private const string What = "publish offer";

    public static bool TryNegotiate(string offerSdp, LocalTransportParameters local, NegotiationOptions limits, out PublishNegotiation? result,
        out SdpRefusal? refusal)
    {
        result = null;
        var bytes = System.Text.Encoding.UTF8.GetByteCount(offerSdp);
        if (bytes > limits.MaxOfferBytes)
        {
            refusal = new SdpRefusal(
                $"{What}: {bytes} bytes; at most {limits.MaxOfferBytes} are allowed ({NegotiationOptions.SettingName(nameof(NegotiationOptions.MaxOfferBytes))})",
                NegotiationLimit.OfferBytes);
            return false;
        }

        var parseLimits = new SdpLimits(limits.MaxMediaSections, limits.MaxAttributesPerSection, limits.MaxRidsPerSection, limits.MaxHeaderExtensionsPerSection);
        if (!SessionDescription.TryParse(offerSdp, parseLimits, out var offer, out var parseError, out var exceeded))
        {
            refusal = SdpRefusal.FromParse(What, parseError!, exceeded);
            return false;
        }

        var producers = new List<ProducerSpec>();
        var extensions = new PublishExtensionIds();
        var answerMedia = new List<MediaDescription>();
        string? fingerprint = null;
        string? ufrag = null;
        foreach (var m in offer!.Media)
        {
            var mid = m.Mid;
            if (mid is null)
            {
                refusal = new SdpRefusal($"{What}: the {m.Kind} section has no a=mid");
                return false;
            }

            if (SectionLimits.Check(m, mid, limits) is { } overLimit)
            {
                refusal = overLimit;
                return false;
            }

            var setup = m.Setup ?? offer.Setup;
            if (setup is "passive")
            {
                refusal = new SdpRefusal($"{What}: section {mid} has a=setup:passive; the bridge is always the DTLS server (offer actpass or active)");
                return false;
            }

            fingerprint ??= (m.Fingerprint ?? offer.Fingerprint) is { Algorithm: "sha-256" } f ? f.Value : null;
            ufrag ??= m.IceUfrag ?? offer.IceUfrag;
            var answer = AnswerSection(m, mid, local, producers, ref extensions, out var sectionError);
            if (sectionError is not null)
            {
                refusal = new SdpRefusal($"{What}: section {mid}: {sectionError}");
                return false;
            }

            answerMedia.Add(answer);
        }

        if (fingerprint is null)
        {
            refusal = new SdpRefusal($"{What}: no a=fingerprint:sha-256");
            return false;
        }

        var accepted = answerMedia.Where(a => a.Port != 0).Select(a => a.Mid!).ToArray();
        var session = LocalTransportParameters.NewSession(offer.Origin.SessionId, 2, accepted);
        session.Media.AddRange(answerMedia);
        result = new PublishNegotiation(session.ToString(), producers, extensions, fingerprint, ufrag);
        refusal = null;
        return true;
    }

    private static MediaDescription AnswerSection(MediaDescription offer, string mid, LocalTransportParameters local, List<ProducerSpec> producers,
        ref PublishExtensionIds extensions, out string? error)
    {
        error = null;
        var kind = offer.Kind switch
        {
            "audio" => MediaKind.Audio,
            "video" => MediaKind.Video,
            _ => (MediaKind?)null,
        };
        var codec = kind switch
        {
            MediaKind.Audio => offer.RtpMaps.FirstOrDefault(r => r.EncodingName.Equals("opus", StringComparison.OrdinalIgnoreCase) && r.ClockRate == 48000),
            MediaKind.Video => offer.RtpMaps.FirstOrDefault(r => r.EncodingName.Equals("VP8", StringComparison.OrdinalIgnoreCase) && r.ClockRate == 90000),
            _ => null,
        };
        if (kind is null || codec is null || offer.Port == 0)
        {
            return Rejected(offer, mid);
        }

        var rtx = kind == MediaKind.Video ? offer.GetRtxPayloadType(codec.PayloadType) : null;
        var answer = new MediaDescription(offer.Kind, 9, offer.Protocol, rtx is { } r ? [Fmt(codec.PayloadType), Fmt(r)] : [Fmt(codec.PayloadType)]);
        answer.Mid = mid;
        local.WriteTo(answer, "passive");
        answer.RtcpRsize = offer.RtcpRsize;

        var sends = offer.Direction is SdpDirection.SendOnly or SdpDirection.SendRecv;
        answer.Direction = sends ? SdpDirection.RecvOnly : SdpDirection.Inactive;

        answer.AddRtpMap(codec);
        if (offer.GetFmtp(codec.PayloadType) is { } fmtp)
        {
            answer.SetFmtp(codec.PayloadType, fmtp);
        }

        byte audioLevelId = 0;
        if (kind == MediaKind.Audio)
        {
            if (offer.GetExtMapId(SubscribeCodecs.AudioLevelUri) is int id and < 15)
            {
                answer.AddExtMap(new SdpExtMap(id, SubscribeCodecs.AudioLevelUri));
                audioLevelId = (byte)id;
            }
        }
        else
        {
            foreach (var feedback in new[] { "goog-remb", "ccm fir", "nack", "nack pli" })
            {
                answer.AddRtcpFeedback(codec.PayloadType, feedback);
            }

            if (rtx is { } rtxPt)
            {
                answer.AddRtpMap(new SdpRtpMap(rtxPt, "rtx", 90000));
                answer.SetFmtp(rtxPt, "apt=" + Fmt(codec.PayloadType));
            }
        }

        if (!sends)
        {
            return answer;
        }

        var sendRids = offer.Simulcast?.Send.Select(stream => stream[0].Id).ToArray() ?? [];
        if (kind == MediaKind.Video && sendRids.Length > 0)
        {
            var midId = AcceptExtension(offer, answer, MidUri);
            var ridId = AcceptExtension(offer, answer, RidUri);
            var repairedId = AcceptExtension(offer, answer, RepairedRidUri);
            if (ridId == 0)
            {
                error = $"simulcast needs the {RidUri} header extension (id 1-14)";
                return answer;
            }

            foreach (var rid in sendRids)
            {
                answer.AddRid(new SdpRid(rid, "recv"));
            }

            answer.Simulcast = SdpSimulcast.Of([], sendRids);
            extensions = new PublishExtensionIds(midId != 0 ? midId : extensions.Mid, ridId, repairedId);
            producers.Add(new ProducerSpec(kind.Value, mid, null, null, sendRids, (byte)codec.PayloadType, rtx is { } simulcastRtx ? (byte)simulcastRtx : null, 0));
            return answer;
        }

        var ssrcs = offer.Ssrcs;
        if (ssrcs.Count == 0)
        {
            error = offer.Rids.Count > 0
                ? "a=rid without a=simulcast:send; send one encoding with a=ssrc lines, or simulcast with both"
                : "a sending section needs a=ssrc lines or a=simulcast";
            return answer;
        }

        var fid = offer.SsrcGroups.FirstOrDefault(g => g.Semantics == "FID" && g.Ssrcs.Count == 2);
        var primary = fid?.Ssrcs[0] ?? ssrcs[0];
        producers.Add(new ProducerSpec(kind.Value, mid, primary, fid?.Ssrcs[1], [], (byte)codec.PayloadType, rtx is { } p ? (byte)p : null, audioLevelId));
        return answer;
    }

    /// <summary>Accepts a one-byte header extension the offer names; returns its id, or 0 when absent or not one-byte.</summary>
    private static byte AcceptExtension(MediaDescription offer, MediaDescription answer, string uri)
    {
        if (offer.GetExtMapId(uri) is int id and >= 1 and <= 14)
        {
            answer.AddExtMap(new SdpExtMap(id, uri));
            return (byte)id;
        }

        return 0;
    }

    private static MediaDescription Rejected(MediaDescription offer, string mid)
    {
        var rejected = new MediaDescription(offer.Kind, 0, offer.Protocol, offer.Formats.Take(1)) { Mid = mid };
        rejected.ConnectionAddress = "0.0.0.0";
        rejected.Direction = SdpDirection.Inactive;
        return rejected;
    }

    private static string Fmt(int payloadType) => payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
