using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>One track a publish offer sends, as the bridge accepted it.</summary>
internal sealed record ProducerSpec(MediaKind Kind, string TrackId, uint Ssrc, uint? RtxSsrc, byte PayloadType, byte? RtxPayloadType, byte AudioLevelExtensionId);

/// <summary>The outcome of a publish offer: the answer and what the sender will send.</summary>
internal sealed record PublishNegotiation(string AnswerSdp, IReadOnlyList<ProducerSpec> Producers, string RemoteFingerprint, string? RemoteUfrag);
