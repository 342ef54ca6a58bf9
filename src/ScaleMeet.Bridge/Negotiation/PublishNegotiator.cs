using ScaleMeet.Bridge.Routing;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// Answers a browser's publish offer: accepts Opus and VP8 (+RTX) in sending sections, rejects the rest
/// (port 0), and learns each track's SSRCs from <c>a=ssrc</c> / <c>a=ssrc-group:FID</c>. Pure function.
/// </summary>
internal static class PublishNegotiator
{
    public static bool TryNegotiate(string offerSdp, LocalTransportParameters local, out PublishNegotiation? result, out string? error)
    {
        result = null;
        if (!SessionDescription.TryParse(offerSdp, out var offer, out var parseError))
        {
            error = $"publish offer: {parseError}";
            return false;
        }

        var producers = new List<ProducerSpec>();
        var answerMedia = new List<MediaDescription>();
        string? fingerprint = null;
        string? ufrag = null;
        foreach (var m in offer!.Media)
        {
            var mid = m.Mid;
            if (mid is null)
            {
                error = $"publish offer: the {m.Kind} section has no a=mid";
                return false;
            }

            var setup = m.Setup ?? offer.Setup;
            if (setup is "passive")
            {
                error = $"publish offer: section {mid} has a=setup:passive; the bridge is always the DTLS server (offer actpass or active)";
                return false;
            }

            fingerprint ??= (m.Fingerprint ?? offer.Fingerprint) is { Algorithm: "sha-256" } f ? f.Value : null;
            ufrag ??= m.IceUfrag ?? offer.IceUfrag;
            var answer = AnswerSection(m, mid, local, producers, out var sectionError);
            if (sectionError is not null)
            {
                error = $"publish offer: section {mid}: {sectionError}";
                return false;
            }

            answerMedia.Add(answer);
        }

        if (fingerprint is null)
        {
            error = "publish offer: no a=fingerprint:sha-256";
            return false;
        }

        var accepted = answerMedia.Where(a => a.Port != 0).Select(a => a.Mid!).ToArray();
        var session = LocalTransportParameters.NewSession(offer.Origin.SessionId, 2, accepted);
        session.Media.AddRange(answerMedia);
        result = new PublishNegotiation(session.ToString(), producers, fingerprint, ufrag);
        error = null;
        return true;
    }

    private static MediaDescription AnswerSection(MediaDescription offer, string mid, LocalTransportParameters local, List<ProducerSpec> producers, out string? error)
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

        var ssrcs = offer.Ssrcs;
        if (ssrcs.Count == 0)
        {
            error = offer.Rids.Count > 0
                ? "simulcast with a=rid is not supported yet; send one encoding with a=ssrc lines"
                : "a sending section needs a=ssrc lines";
            return answer;
        }

        var fid = offer.SsrcGroups.FirstOrDefault(g => g.Semantics == "FID" && g.Ssrcs.Count == 2);
        var primary = fid?.Ssrcs[0] ?? ssrcs[0];
        producers.Add(new ProducerSpec(kind.Value, mid, primary, fid?.Ssrcs[1], (byte)codec.PayloadType, rtx is { } p ? (byte)p : null, audioLevelId));
        return answer;
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
