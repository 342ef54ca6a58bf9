namespace ScaleMeet.Bridge.Negotiation;

/// <summary>What the bridge needs from a receiver's answer: its DTLS fingerprint and ICE ufrag, and that it is the DTLS client.</summary>
internal sealed record SubscribeAnswer(string RemoteFingerprint, string? RemoteUfrag);
