namespace ScaleMeet.Bridge.Negotiation;

/// <summary>An SDP the bridge will not use: the <c>bad_sdp</c> message (naming the line or the setting) and the bound it broke.</summary>
internal sealed record SdpRefusal(string Message, NegotiationLimit Limit = NegotiationLimit.None)
{
    /// <summary>The refusal of a parse that <paramref name="exceeded"/> stopped (a bound) or that failed on its own.</summary>
    public static SdpRefusal FromParse(string what, string parseError, Media.Sdp.SdpLimit exceeded) => exceeded switch
    {
        Media.Sdp.SdpLimit.MediaSections =>
            new($"{what}: {parseError} ({NegotiationOptions.SettingName(nameof(NegotiationOptions.MaxMediaSections))})", NegotiationLimit.MediaSections),
        Media.Sdp.SdpLimit.AttributesPerSection =>
            new($"{what}: {parseError} ({NegotiationOptions.SettingName(nameof(NegotiationOptions.MaxAttributesPerSection))})", NegotiationLimit.AttributesPerSection),
        Media.Sdp.SdpLimit.RidsPerSection =>
            new($"{what}: {parseError} ({NegotiationOptions.SettingName(nameof(NegotiationOptions.MaxRidsPerSection))})", NegotiationLimit.RidsPerSection),
        Media.Sdp.SdpLimit.ExtMapsPerSection =>
            new($"{what}: {parseError} ({NegotiationOptions.SettingName(nameof(NegotiationOptions.MaxHeaderExtensionsPerSection))})",
                NegotiationLimit.HeaderExtensionsPerSection),
        _ => new($"{what}: {parseError}"),
    };
}
