using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// The per-section bounds of a publish offer the parser does not count itself (<see cref="NegotiationOptions"/>):
/// distinct SSRCs and simulcast streams. Counted on lines the parser already holds (at most
/// <see cref="NegotiationOptions.MaxAttributesPerSection"/>); a=rid and a=extmap lines the parser bounds as it reads.
/// </summary>
internal static class SectionLimits
{
    /// <summary>The refusal for the first bound <paramref name="media"/> breaks, or null.</summary>
    public static SdpRefusal? Check(MediaDescription media, string mid, NegotiationOptions limits)
    {
        var ssrcs = media.Ssrcs.Count;
        if (ssrcs > limits.MaxSsrcsPerSection)
        {
            return Refuse(mid, $"{ssrcs} SSRCs in a=ssrc lines", limits.MaxSsrcsPerSection, nameof(NegotiationOptions.MaxSsrcsPerSection),
                NegotiationLimit.SsrcsPerSection);
        }

        if (media.Simulcast is { } simulcast)
        {
            var streams = Math.Max(simulcast.Send.Count, simulcast.Receive.Count);
            if (streams > limits.MaxRidsPerSection)
            {
                return Refuse(mid, $"{streams} simulcast streams in a=simulcast", limits.MaxRidsPerSection, nameof(NegotiationOptions.MaxRidsPerSection),
                    NegotiationLimit.RidsPerSection);
            }

            var sent = simulcast.Send.Select(stream => stream[0].Id).ToArray();
            if (sent.Distinct(StringComparer.Ordinal).Count() != sent.Length)
            {
                return new SdpRefusal($"publish offer: section {mid}: a=simulcast:send names a rid twice");
            }
        }

        return null;
    }

    private static SdpRefusal Refuse(string mid, string found, int max, string setting, NegotiationLimit limit) =>
        new($"publish offer: section {mid} has {found}; at most {max} are allowed ({NegotiationOptions.SettingName(setting)})", limit);
}
