using System.Collections.Frozen;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// Checks the value of every attribute this library knows (RFC 8866 §6, RFC 8829 §5.8: known
/// attributes are checked for syntax, unknown ones are kept untouched). Used by the parser, which
/// turns a problem into "line N: …", and by the typed adders and setters, which throw on a problem.
/// </summary>
internal static class SdpAttributeSyntax
{
    /// <summary>Property attributes: present or absent, never a value.</summary>
    private static readonly FrozenSet<string> Flags = FrozenSet.ToFrozenSet(
    [
        "ice-lite", "rtcp-mux", "rtcp-mux-only", "rtcp-rsize", "sendrecv", "sendonly", "recvonly", "inactive",
        "end-of-candidates", "extmap-allow-mixed",
    ], StringComparer.Ordinal);

    /// <summary>Value attributes: the check and the syntax shown when it fails.</summary>
    private static readonly FrozenDictionary<string, (Func<string, bool> IsValid, string Syntax)> Valued =
        new Dictionary<string, (Func<string, bool>, string)>(StringComparer.Ordinal)
        {
            ["ice-ufrag"] = (v => SdpGrammar.IsIceString(v, 4, 256), "4-256 characters of ALPHA / DIGIT / '+' / '/'"),
            ["ice-pwd"] = (v => SdpGrammar.IsIceString(v, 22, 256), "22-256 characters of ALPHA / DIGIT / '+' / '/'"),
            ["ice-options"] = (SdpGrammar.IsTokenList, "<option> [<option>…]"),
            ["fingerprint"] = (v => SdpFingerprint.TryParse(v, out _), "<hash-func> XX:XX:… with the digest's length"),
            ["setup"] = (v => v is "actpass" or "active" or "passive" or "holdconn", "actpass | active | passive | holdconn"),
            ["mid"] = (v => SdpGrammar.IsToken(v), "<token>"),
            ["group"] = (v => SdpGroup.TryParse(v, out _), "<semantics> [<mid>…]"),
            ["msid-semantic"] = (v => v.Trim().Length > 0, "[ ]<semantic> [<id>…]"),
            ["msid"] = (v => SdpMsid.TryParse(v, out _), SdpMsid.Syntax),
            ["extmap"] = (v => SdpExtMap.TryParse(v, out _), SdpExtMap.Syntax),
            ["rtpmap"] = (v => SdpRtpMap.TryParse(v, out _), SdpRtpMap.Syntax),
            ["fmtp"] = (v => SdpFmtp.TryParse(v, out _), SdpFmtp.Syntax),
            ["rtcp-fb"] = (v => SdpRtcpFeedback.TryParse(v, out _), SdpRtcpFeedback.Syntax),
            ["ssrc"] = (v => SdpSsrcAttribute.TryParse(v, out _), SdpSsrcAttribute.Syntax),
            ["ssrc-group"] = (v => SdpSsrcGroup.TryParse(v, out _), SdpSsrcGroup.Syntax),
            ["rid"] = (v => SdpRid.TryParse(v, out _), SdpRid.Syntax),
            ["simulcast"] = (v => SdpSimulcast.TryParse(v, out _), SdpSimulcast.Syntax),
            ["candidate"] = (v => SdpCandidate.TryParse(v, out _), SdpCandidate.Syntax),
            ["rtcp"] = (IsRtcp, "<port> [IN IP4|IP6 <address>]"),
            ["sctp-port"] = (v => SdpGrammar.TryParseInt(v, 0, 65535, out _), "<port 0-65535>"),
            ["max-message-size"] = (v => SdpGrammar.TryParseUInt64(v, out _), "<bytes>"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool TryValidate(string name, string? value, out string? problem)
    {
        problem = null;
        if (Flags.Contains(name))
        {
            if (value is not null) problem = $"a={name} takes no value";
        }
        else if (Valued.TryGetValue(name, out var rule))
        {
            if (value is null) problem = $"a={name} needs a value ({rule.Syntax})";
            else if (!rule.IsValid(value))
                problem = $"a={name} value '{SdpGrammar.Excerpt(value)}' is malformed (expected {rule.Syntax})";
        }
        return problem is null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a value built by code is malformed.</summary>
    public static void Require(string name, string? value)
    {
        if (!TryValidate(name, value, out string? problem))
            throw new ArgumentException($"Invalid SDP attribute: {problem}.", nameof(value));
    }

    // RFC 3605 §2.1: rtcp-attribute = "a=rtcp:" port [nettype space addrtype space connection-address]
    private static bool IsRtcp(string value)
    {
        string[] p = value.Split(' ');
        return SdpGrammar.TryParseInt(p[0], 0, 65535, out _)
            && (p.Length == 1 || (p.Length == 4 && SdpGrammar.IsToken(p[1]) && SdpGrammar.IsToken(p[2])
                && SdpGrammar.IsNonWhitespace(p[3])));
    }
}
