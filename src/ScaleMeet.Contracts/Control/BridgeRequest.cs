using System.Text.Json.Serialization;

namespace ScaleMeet.Contracts.Control;

/// <summary>
/// A request from the focus to a bridge (docs/protocol.md, "Focus ⇄ bridge"). The embedded bridge
/// receives these in process; a remote bridge receives the same records as JSON over its control channel.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AllocateEndpointRequest), "allocateEndpoint")]
[JsonDerivedType(typeof(PublishOfferRequest), "publishOffer")]
[JsonDerivedType(typeof(SubscribeAnswerRequest), "subscribeAnswer")]
[JsonDerivedType(typeof(ExpireEndpointRequest), "expireEndpoint")]
[JsonDerivedType(typeof(ReceiverConstraintsRequest), "receiverConstraints")]
public abstract record BridgeRequest(string ConferenceId, string EndpointId);

/// <summary>Create the endpoint's state (publish and subscribe transports) in the conference, creating the conference if needed.</summary>
public sealed record AllocateEndpointRequest(string ConferenceId, string EndpointId, string DisplayName)
    : BridgeRequest(ConferenceId, EndpointId);

/// <summary>The browser's publish offer; the reply carries the bridge's answer.</summary>
public sealed record PublishOfferRequest(string ConferenceId, string EndpointId, string Sdp)
    : BridgeRequest(ConferenceId, EndpointId);

/// <summary>The browser's answer to subscribe offer <paramref name="Version"/>.</summary>
public sealed record SubscribeAnswerRequest(string ConferenceId, string EndpointId, string Sdp, int Version)
    : BridgeRequest(ConferenceId, EndpointId);

/// <summary>Remove the endpoint and free its state; removing the last endpoint ends the conference.</summary>
public sealed record ExpireEndpointRequest(string ConferenceId, string EndpointId)
    : BridgeRequest(ConferenceId, EndpointId);

/// <summary>The endpoint's receiver constraints (see <see cref="Signaling.ReceiverConstraintsMessage"/>).</summary>
public sealed record ReceiverConstraintsRequest(string ConferenceId, string EndpointId, Signaling.ReceiverConstraintsMessage Constraints)
    : BridgeRequest(ConferenceId, EndpointId);
