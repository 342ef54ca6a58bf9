using System.Globalization;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// Writes the bridge's offer for a receiver's subscribe connection from a <see cref="SubscribeOfferSnapshot"/>: one
/// sendonly section per consumer, with the consumer's own SSRC (and RTX SSRC for video); sections without a track
/// are inactive, waiting to be recycled for the next track of their kind (<see cref="Conferences.SubscribeSlot"/>).
/// Every section shares one BUNDLEd transport, so the ICE credentials, fingerprint and setup are written once at
/// session level and the candidates on the first section only: a section costs its media lines alone, which keeps
/// a receiver's offer within the signaling limit (<see cref="NegotiationOptions.MaxSubscribeSections"/>).
/// Pure function of the snapshot; runs off the media loop.
/// </summary>
internal static class SubscribeOfferWriter
{
    private const string OpusFmtp = "minptime=10;useinbandfec=1";

    public static string Write(SubscribeOfferSnapshot offer, out IReadOnlyList<SubscribedTrack> tracks)
    {
        var session = LocalTransportParameters.NewSession(SessionId(offer.EndpointId), (ulong)offer.Version, offer.Sections.Select(s => s.Mid));
        offer.Local.WriteSessionTo(session, "actpass");
        var trackList = new List<SubscribedTrack>();
        foreach (var section in offer.Sections)
        {
            var media = Section(section.Kind, section.Mid);
            if (session.Media.Count == 0)
            {
                offer.Local.WriteCandidatesTo(media);
            }

            if (section.IsActive)
            {
                var sender = section.SenderId!;
                var trackId = section.TrackId;
                media.Direction = SdpDirection.SendOnly;
                media.Msid = $"{sender} {trackId}";
                AddSsrc(media, section.Ssrc, sender, trackId);
                if (section.Kind == MediaKind.Video)
                {
                    AddSsrc(media, section.RtxSsrc, sender, trackId);
                    media.AddSsrcGroup(new SdpSsrcGroup("FID", [section.Ssrc, section.RtxSsrc]));
                }

                trackList.Add(new SubscribedTrack(section.Mid, sender, section.Kind.ToSdp(), trackId));
            }
            else
            {
                media.Direction = SdpDirection.Inactive;
            }

            session.Media.Add(media);
        }

        tracks = trackList;
        return session.ToString();
    }

    private static MediaDescription Section(MediaKind kind, string mid)
    {
        MediaDescription media;
        if (kind == MediaKind.Audio)
        {
            media = new MediaDescription("audio", 9, "UDP/TLS/RTP/SAVPF", [Fmt(SubscribeCodecs.OpusPayloadType)]);
            media.ConnectionAddress = "0.0.0.0";
            media.Mid = mid;
            media.RtcpMux = true;
            media.RtcpRsize = true;
            media.AddExtMap(new SdpExtMap(SubscribeCodecs.AudioLevelExtensionId, SubscribeCodecs.AudioLevelUri));
            media.AddExtMap(new SdpExtMap(SubscribeCodecs.TransportWideCcExtensionId, SubscribeCodecs.TransportWideCcUri));
            media.AddRtpMap(new SdpRtpMap(SubscribeCodecs.OpusPayloadType, "opus", 48000, 2));
            media.SetFmtp(SubscribeCodecs.OpusPayloadType, OpusFmtp);
            media.AddRtcpFeedback(SubscribeCodecs.OpusPayloadType, "transport-cc");
        }
        else
        {
            media = new MediaDescription("video", 9, "UDP/TLS/RTP/SAVPF", [Fmt(SubscribeCodecs.Vp8PayloadType), Fmt(SubscribeCodecs.RtxPayloadType)]);
            media.ConnectionAddress = "0.0.0.0";
            media.Mid = mid;
            media.RtcpMux = true;
            media.RtcpRsize = true;
            media.AddExtMap(new SdpExtMap(SubscribeCodecs.TransportWideCcExtensionId, SubscribeCodecs.TransportWideCcUri));
            media.AddRtpMap(new SdpRtpMap(SubscribeCodecs.Vp8PayloadType, "VP8", 90000));
            foreach (var feedback in new[] { "transport-cc", "ccm fir", "nack", "nack pli" })
            {
                media.AddRtcpFeedback(SubscribeCodecs.Vp8PayloadType, feedback);
            }

            media.AddRtpMap(new SdpRtpMap(SubscribeCodecs.RtxPayloadType, "rtx", 90000));
            media.SetFmtp(SubscribeCodecs.RtxPayloadType, "apt=" + Fmt(SubscribeCodecs.Vp8PayloadType));
        }

        return media;
    }

    private static void AddSsrc(MediaDescription media, uint ssrc, string cname, string trackId)
    {
        media.AddSsrcAttribute(ssrc, "cname", cname);
        media.AddSsrcAttribute(ssrc, "msid", $"{cname} {trackId}");
    }

    private static ulong SessionId(string endpointId) => (ulong)(uint)endpointId.GetHashCode(StringComparison.Ordinal) + 1;

    private static string Fmt(int payloadType) => payloadType.ToString(CultureInfo.InvariantCulture);
}
