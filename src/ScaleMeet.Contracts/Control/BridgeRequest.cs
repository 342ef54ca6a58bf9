namespace ScaleMeet.Contracts.Control;

/// <summary>
/// A request from the focus to a bridge (docs/protocol.md, "Focus ⇄ bridge"). The embedded bridge
/// receives these through an in-memory channel, a remote bridge over its WebSocket; both as JSON.
/// On the wire each is a <see cref="ControlMessage"/> in an envelope whose id is the request id: a request resent with
/// the same id gets the first reply again and is not carried out twice.
/// </summary>
public abstract record BridgeRequest(string ConferenceId, string EndpointId) : ControlMessage
{
    /// <summary>
    /// Which life of the room this is: the focus numbers every conference it creates, so a room recreated while the
    /// bridge still ends its previous conference gets a conference of its own instead of merging into the old one.
    /// </summary>
    public long Generation { get; init; }
}

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

/// <summary>The endpoint's receiver constraints (the focus copies them from the browser's <c>receiverConstraints</c>).</summary>
public sealed record ReceiverConstraintsRequest(string ConferenceId, string EndpointId, ReceiverVideoConstraints Constraints)
    : BridgeRequest(ConferenceId, EndpointId);
