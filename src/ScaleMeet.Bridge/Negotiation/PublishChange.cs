namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// A negotiated publish offer as the media loop applies it: the producers the sender will send, the header extension
/// ids to learn simulcast SSRCs with, and the remote DTLS fingerprint and ICE ufrag. No SDP. Immutable.
/// </summary>
internal sealed record PublishChange(
    Conferences.ConferenceKey Conference,
    string EndpointId,
    IReadOnlyList<ProducerSpec> Producers,
    Conferences.PublishExtensionIds Extensions,
    string RemoteFingerprint,
    string? RemoteUfrag);
