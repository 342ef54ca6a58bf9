namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// Bounds on what one participant's SDP may ask of the bridge, and so of everyone else in its conference. Bound from
/// <c>ScaleMeet:Bridge:Negotiation</c>. A publish offer past any bound is refused with <c>bad_sdp</c> naming the
/// setting; the parser stops at the first line past a section or attribute bound. The defaults admit what Chrome,
/// Firefox and Safari send for a microphone, a simulcast camera and a screen share, with room to spare.
/// </summary>
public sealed class NegotiationOptions
{
    public const string Section = "Negotiation";

    /// <summary>The largest subscribe offer, in sections, the signaling limit leaves room for (offer and browser answer; tested).</summary>
    internal const int SubscribeSectionsCeiling = 320;

    /// <summary>
    /// A publish offer longer than this (UTF-8 bytes) is refused before it is parsed. Default 65 536: Chrome's offer
    /// for a microphone and a simulcast camera is about 6 KB. 1 024 .. 262 144 (the signaling message limit).
    /// </summary>
    public int MaxOfferBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// m= sections in one publish offer (sending or not). Default 3: audio, a camera and a screen share. Every
    /// section a publisher sends becomes a section in every other receiver's subscribe offer. 1 .. 16.
    /// </summary>
    public int MaxMediaSections { get; set; } = 3;

    /// <summary>
    /// a= lines in the session part and in each m= section of any SDP the bridge reads (publish offers, subscribe
    /// answers). Default 256: a Chrome video section with every codec has about 120. Bounds the parse work. 32 .. 4 096.
    /// </summary>
    public int MaxAttributesPerSection { get; set; } = 256;

    /// <summary>
    /// Simulcast layers (<c>a=rid</c> lines, and rids in <c>a=simulcast</c>) in one video section. Default 3, Chrome's
    /// maximum; each layer gets a packet cache once it carries packets. 1 .. 3.
    /// </summary>
    public int MaxRidsPerSection { get; set; } = 3;

    /// <summary>
    /// Distinct SSRCs named by <c>a=ssrc</c> lines in one section. Default 8 (a camera with RTX uses 2, legacy
    /// simulcast with RTX 6). 2 .. 64.
    /// </summary>
    public int MaxSsrcsPerSection { get; set; } = 8;

    /// <summary>
    /// <c>a=extmap</c> lines in one section. Default 16 (the one-byte header extension id space is 1..14; Chrome
    /// offers 11 to 14 for video). 1 .. 255.
    /// </summary>
    public int MaxHeaderExtensionsPerSection { get; set; } = 16;

    /// <summary>
    /// Media sections in one receiver's subscribe offer: remote tracks it gets plus sections waiting to be reused.
    /// Tracks beyond it are offered when a section frees up. Default 300, enough for 100 participants × 3 tracks;
    /// at most 320, which keeps the offer and the browser's answer within the 256 KiB signaling message limit.
    /// </summary>
    public int MaxSubscribeSections { get; set; } = 300;

    /// <summary>Returns the first problem found, naming the setting under <paramref name="parent"/>, or null.</summary>
    public string? Validate(string parent)
    {
        var prefix = $"{parent}:{Section}";
        return Range(prefix, nameof(MaxOfferBytes), MaxOfferBytes, 1024, Contracts.Signaling.SignalingCodec.MaxMessageBytes)
            ?? Range(prefix, nameof(MaxMediaSections), MaxMediaSections, 1, 16)
            ?? Range(prefix, nameof(MaxAttributesPerSection), MaxAttributesPerSection, 32, 4096)
            ?? Range(prefix, nameof(MaxRidsPerSection), MaxRidsPerSection, 1, 3)
            ?? Range(prefix, nameof(MaxSsrcsPerSection), MaxSsrcsPerSection, 2, 64)
            ?? Range(prefix, nameof(MaxHeaderExtensionsPerSection), MaxHeaderExtensionsPerSection, 1, 255)
            ?? Range(prefix, nameof(MaxSubscribeSections), MaxSubscribeSections, 1, SubscribeSectionsCeiling);
    }

    /// <summary>The full name of one of these settings, for refusal messages.</summary>
    internal static string SettingName(string property) => $"{BridgeOptions.Section}:{Section}:{property}";

    private static string? Range(string prefix, string name, int value, int min, int max) =>
        value >= min && value <= max ? null : $"{prefix}:{name} must be {min}..{max} (was {value})";
}
