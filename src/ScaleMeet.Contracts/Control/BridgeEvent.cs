using System.Text.Json.Serialization;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Contracts.Control;

/// <summary>Something a bridge tells the focus without being asked.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SubscribeOfferEvent), "subscribeOffer")]
[JsonDerivedType(typeof(EndpointExpiredEvent), "endpointExpired")]
public abstract record BridgeEvent(string ConferenceId, string EndpointId);

/// <summary>A new offer for the endpoint's subscribe connection (tracks came or went).</summary>
public sealed record SubscribeOfferEvent(string ConferenceId, string EndpointId, string Sdp, int Version, IReadOnlyList<TrackInfo> Tracks)
    : BridgeEvent(ConferenceId, EndpointId);

/// <summary>The bridge removed the endpoint by itself (ICE consent expired, DTLS failed).</summary>
public sealed record EndpointExpiredEvent(string ConferenceId, string EndpointId, string Reason)
    : BridgeEvent(ConferenceId, EndpointId);
