namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// Everything a subscribe offer says, copied on the media loop so the SDP is written off it: the receiver, the
/// offer's version, its transport's local parameters and its sections in mid order. Immutable; any thread.
/// </summary>
internal sealed record SubscribeOfferSnapshot(
    Conferences.ConferenceKey Conference,
    string EndpointId,
    int Version,
    LocalTransportParameters Local,
    IReadOnlyList<SubscribeSectionSnapshot> Sections);
