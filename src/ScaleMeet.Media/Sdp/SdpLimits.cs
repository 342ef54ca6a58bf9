namespace ScaleMeet.Media.Sdp;

/// <summary>
/// Bounds the parser enforces while it reads, so that a hostile description costs at most this much to parse: it
/// stops at the first m= line past <see cref="MaxMediaSections"/>, at the first a= line past
/// <see cref="MaxAttributesPerSection"/> in the session part or in one m= section, and at the first a=rid or
/// a=extmap line past <see cref="MaxRidsPerSection"/> or <see cref="MaxExtMapsPerSection"/> in one part, without
/// reading further. The size of the text itself is the caller's to bound before parsing. <see cref="None"/> parses
/// anything.
/// </summary>
/// <param name="MaxMediaSections">m= sections allowed (≥ 0).</param>
/// <param name="MaxAttributesPerSection">a= lines allowed in the session part and in each m= section (≥ 0).</param>
/// <param name="MaxRidsPerSection">a=rid lines (RFC 8851) allowed in one part.</param>
/// <param name="MaxExtMapsPerSection">a=extmap lines (RFC 8285) allowed in one part.</param>
public sealed record SdpLimits(int MaxMediaSections, int MaxAttributesPerSection, int MaxRidsPerSection = int.MaxValue, int MaxExtMapsPerSection = int.MaxValue)
{
    /// <summary>No bounds: what <see cref="SessionDescription.TryParse(string, out SessionDescription?, out string?)"/> uses.</summary>
    public static SdpLimits None { get; } = new(int.MaxValue, int.MaxValue);
}
