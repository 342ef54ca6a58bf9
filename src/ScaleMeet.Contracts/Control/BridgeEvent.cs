namespace ScaleMeet.Contracts.Control;

/// <summary>Something a bridge tells the focus without being asked.</summary>
public abstract record BridgeEvent(string ConferenceId, string EndpointId) : ControlMessage
{
    /// <summary>The conference's generation (see <see cref="BridgeRequest.Generation"/>).</summary>
    public long Generation { get; init; }
}

/// <summary>A new offer for the endpoint's subscribe connection (tracks came or went).</summary>
public sealed record SubscribeOfferEvent(string ConferenceId, string EndpointId, string Sdp, int Version, IReadOnlyList<SubscribedTrack> Tracks)
    : BridgeEvent(ConferenceId, EndpointId);

/// <summary>The bridge removed the endpoint by itself (ICE consent expired, DTLS failed).</summary>
public sealed record EndpointExpiredEvent(string ConferenceId, string EndpointId, string Reason)
    : BridgeEvent(ConferenceId, EndpointId);

/// <summary>The conference's dominant speaker changed to <paramref name="EndpointId"/>.</summary>
public sealed record DominantSpeakerEvent(string ConferenceId, string EndpointId)
    : BridgeEvent(ConferenceId, EndpointId);

/// <summary>Tell the publisher <paramref name="EndpointId"/> the largest video height anyone receives from it.</summary>
public sealed record SenderConstraintsEvent(string ConferenceId, string EndpointId, int MaxHeight)
    : BridgeEvent(ConferenceId, EndpointId);
