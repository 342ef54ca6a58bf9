namespace ScaleMeet.Bridge.Negotiation;

/// <summary>A read subscribe answer as the media loop applies it: the offer version it answers and the receiver's DTLS fingerprint and ICE ufrag. No SDP.</summary>
internal sealed record SubscribeAnswerChange(Conferences.ConferenceKey Conference, string EndpointId, int Version, string RemoteFingerprint, string? RemoteUfrag);
