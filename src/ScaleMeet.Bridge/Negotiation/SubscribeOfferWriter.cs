using System.Globalization;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// Writes the bridge's offer for a receiver's subscribe connection: one sendonly section per consumer, with
/// the consumer's own SSRC (and RTX SSRC for video); sections of tracks that left stay, inactive, so a mid is
/// never reused. Pure function of the endpoint's slots.
/// </summary>
internal static class SubscribeOfferWriter
{
    private const string OpusFmtp = "minptime=10;useinbandfec=1";

    public static string Write(Endpoint receiver, LocalTransportParameters local, int version, out IReadOnlyList<TrackInfo> tracks)
    {
        var session = LocalTransportParameters.NewSession(SessionId(receiver.Id), (ulong)version, receiver.SubscribeSlots.Select(s => s.Mid));
        var trackList = new List<TrackInfo>();
        foreach (var slot in receiver.SubscribeSlots)
        {
            var media = Section(slot.Kind, slot.Mid, local);
            if (slot.Consumer is { } consumer)
            {
                var sender = consumer.Producer.Owner.Id;
                var trackId = $"{sender}-{consumer.Producer.Mid}";
                media.Direction = SdpDirection.SendOnly;
                media.Msid = $"{sender} {trackId}";
                AddSsrc(media, consumer.Ssrc, sender, trackId);
                if (slot.Kind == MediaKind.Video)
                {
                    AddSsrc(media, consumer.RtxSsrc, sender, trackId);
                    media.AddSsrcGroup(new SdpSsrcGroup("FID", [consumer.Ssrc, consumer.RtxSsrc]));
                }

                trackList.Add(new TrackInfo(slot.Mid, sender, slot.Kind.ToSdp(), trackId));
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

    private static MediaDescription Section(MediaKind kind, string mid, LocalTransportParameters local)
    {
        MediaDescription media;
        if (kind == MediaKind.Audio)
        {
            media = new MediaDescription("audio", 9, "UDP/TLS/RTP/SAVPF", [Fmt(SubscribeCodecs.OpusPayloadType)]);
            media.Mid = mid;
            local.WriteTo(media, "actpass");
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
            media.Mid = mid;
            local.WriteTo(media, "actpass");
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
