namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// Why the bridge refused an SDP: one of the bounds of <see cref="NegotiationOptions"/>, or <see cref="None"/> for any
/// other problem (malformed, unusable). The metric <c>scalemeet_bridge_sdp_refused_total</c> counts refusals by it.
/// </summary>
internal enum NegotiationLimit
{
    None,
    OfferBytes,
    MediaSections,
    AttributesPerSection,
    RidsPerSection,
    SsrcsPerSection,
    HeaderExtensionsPerSection,
}
