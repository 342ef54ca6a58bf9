namespace ScaleMeet.Media.Sdp;

/// <summary>
/// Checks the value of every attribute this library knows (RFC 8866 §6, RFC 8829 §5.8: known
/// attributes are checked for syntax, unknown ones are kept untouched). Used by the parser, which
/// turns a problem into "line N: …", and by the typed adders, which throw on a problem.
/// </summary>
internal static class SdpAttributeSyntax
{
    public static bool TryValidate(string name, string? value, out string? problem)
    {
        problem = name switch
        {
            "ice-lite" or "rtcp-mux" or "rtcp-mux-only" or "rtcp-rsize" or "sendrecv" or "sendonly"
                or "recvonly" or "inactive" or "end-of-candidates" or "extmap-allow-mixed"
                => value is null ? null : $"a={name} takes no value",
            _ when value is null && IsValued(name) => $"a={name} needs a value",
            "ice-ufrag" => Check(SdpGrammar.IsIceString(value, 4, 256), name, value,
                "4-256 characters of ALPHA / DIGIT / '+' / '/'"),
            "ice-pwd" => Check(SdpGrammar.IsIceString(value, 22, 256), name, value,
                "22-256 characters of ALPHA / DIGIT / '+' / '/'"),
            "ice-options" => Check(SdpGrammar.IsTokenList(value), name, value, "<option> [<option>…]"),
            "fingerprint" => Check(SdpFingerprint.TryParse(value, out _), name, value, "<hash-func> XX:XX:…"),
            "setup" => Check(value is "actpass" or "active" or "passive" or "holdconn", name, value,
                "actpass | active | passive | holdconn"),
            "mid" => Check(SdpGrammar.IsToken(value), name, value, "<token>"),
            "group" => Check(SdpGroup.TryParse(value, out _), name, value, "<semantics> [<mid>…]"),
            "msid-semantic" => Check(value!.Trim().Length > 0, name, value, "[ ]<semantic> [<id>…]"),
            "msid" => Check(SdpMsid.TryParse(value, out _), name, value, SdpMsid.Syntax),
            "extmap" => Check(SdpExtMap.TryParse(value, out _), name, value, SdpExtMap.Syntax),
            "rtpmap" => Check(SdpRtpMap.TryParse(value, out _), name, value, SdpRtpMap.Syntax),
            "fmtp" => Check(SdpFmtp.TryParse(value, out _), name, value, SdpFmtp.Syntax),
            "rtcp-fb" => Check(SdpRtcpFeedback.TryParse(value, out _), name, value, SdpRtcpFeedback.Syntax),
            "ssrc" => Check(SdpSsrcAttribute.TryParse(value, out _), name, value, SdpSsrcAttribute.Syntax),
            "ssrc-group" => Check(SdpSsrcGroup.TryParse(value, out _), name, value, SdpSsrcGroup.Syntax),
            "rid" => Check(SdpRid.TryParse(value, out _), name, value, SdpRid.Syntax),
            "simulcast" => Check(SdpSimulcast.TryParse(value, out _), name, value, SdpSimulcast.Syntax),
            "candidate" => Check(SdpCandidate.TryParse(value, out _), name, value, SdpCandidate.Syntax),
            "rtcp" => Check(IsRtcp(value!), name, value, "<port> [IN IP4|IP6 <address>]"),
            "sctp-port" => Check(SdpGrammar.TryParseInt(value, 0, 65535, out _), name, value, "<port 0-65535>"),
            "max-message-size" => Check(SdpGrammar.TryParseUInt64(value, out _), name, value, "<bytes>"),
            _ => null,
        };
        return problem is null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a value built by code is malformed.</summary>
    public static void Require(string name, string? value)
    {
        if (!TryValidate(name, value, out string? problem))
            throw new ArgumentException($"Invalid SDP attribute: {problem}.", nameof(value));
    }

    private static bool IsValued(string name) => name is "ice-ufrag" or "ice-pwd" or "ice-options"
        or "fingerprint" or "setup" or "mid" or "group" or "msid-semantic" or "msid" or "extmap" or "rtpmap"
        or "fmtp" or "rtcp-fb" or "ssrc" or "ssrc-group" or "rid" or "simulcast" or "candidate" or "rtcp"
        or "sctp-port" or "max-message-size";

    private static string? Check(bool ok, string name, string? value, string syntax) =>
        ok ? null : $"a={name} value '{SdpGrammar.Excerpt(value ?? "")}' is malformed (expected {syntax})";

    // RFC 3605 §2.1: rtcp-attribute = "a=rtcp:" port [nettype space addrtype space connection-address]
    private static bool IsRtcp(string value)
    {
        string[] p = value.Split(' ');
        return SdpGrammar.TryParseInt(p[0], 0, 65535, out _)
            && (p.Length == 1 || (p.Length == 4 && SdpGrammar.IsToken(p[1]) && SdpGrammar.IsToken(p[2])
                && SdpGrammar.IsNonWhitespace(p[3])));
    }
}
