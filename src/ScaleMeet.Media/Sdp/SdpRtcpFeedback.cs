using System.Diagnostics.CodeAnalysis;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// An RTCP feedback capability (RFC 4585 §4.2, RFC 5104 §7.1, RFC 8888):
///
///   a=rtcp-fb:&lt;payload type | "*"&gt; &lt;feedback type&gt; [&lt;parameters&gt;]
///
/// e.g. a=rtcp-fb:96 nack pli, a=rtcp-fb:96 ccm fir, a=rtcp-fb:96 transport-cc, a=rtcp-fb:96 goog-remb.
/// <see cref="Feedback"/> is everything after the payload type ("nack pli").
/// </summary>
public sealed record SdpRtcpFeedback(string Format, string Feedback)
{
    internal const string Syntax = "<payload type | *> <feedback> [<parameters>]";

    /// <summary>Parses the value after "a=rtcp-fb:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtcpFeedback? feedback)
    {
        feedback = null;
        if (value is null) return false;
        int sp = value.IndexOf(' ', StringComparison.Ordinal);
        if (sp <= 0) return false;
        ReadOnlySpan<char> format = value.AsSpan(0, sp);
        if (!(format is "*" || SdpGrammar.TryParseInt(format, 0, 127, out _))) return false;
        string rest = value[(sp + 1)..];
        if (!SdpGrammar.IsTokenList(rest)) return false;
        feedback = new SdpRtcpFeedback(value[..sp], rest);
        return true;
    }

    public string ToValue() => Format + " " + Feedback;

    /// <summary>True when this line applies to <paramref name="payloadType"/> (its own number or "*").</summary>
    public bool AppliesTo(int payloadType) =>
        Format == "*" || (SdpGrammar.TryParseInt(Format, 0, 127, out int pt) && pt == payloadType);
}
