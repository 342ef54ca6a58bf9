using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// One track a publish offer sends, as the bridge accepted it: either one encoding with SSRCs from
/// <c>a=ssrc</c>, or simulcast <paramref name="Rids"/> (lowest first) whose SSRCs are learned from packets.
/// </summary>
internal sealed record ProducerSpec(
    MediaKind Kind,
    string Mid,
    uint? Ssrc,
    uint? RtxSsrc,
    IReadOnlyList<string> Rids,
    byte PayloadType,
    byte? RtxPayloadType,
    byte AudioLevelExtensionId);
