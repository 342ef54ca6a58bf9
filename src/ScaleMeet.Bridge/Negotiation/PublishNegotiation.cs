using ScaleMeet.Bridge.Conferences;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>The outcome of a publish offer: the answer and what the sender will send.</summary>
internal sealed record PublishNegotiation(
    string AnswerSdp,
    IReadOnlyList<ProducerSpec> Producers,
    PublishExtensionIds Extensions,
    string RemoteFingerprint,
    string? RemoteUfrag);
