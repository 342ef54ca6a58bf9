namespace ScaleMeet.Media.Sdp;

/// <summary>
/// The origin line (RFC 8866 §5.2):
///
///   o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;
///
/// JSEP (RFC 8829 §5.2.1) uses "-" as username, a random 62-bit session id, a version that grows by
/// one with every new description, and "IN IP4 127.0.0.1" (Chrome) or "IN IP4 0.0.0.0" (Firefox).
/// </summary>
public sealed record SdpOrigin(
    string Username,
    ulong SessionId,
    ulong SessionVersion,
    string NetType = "IN",
    string AddressType = "IP4",
    string Address = "127.0.0.1")
{
    /// <summary>Parses the value after "o=". Never throws.</summary>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpOrigin? origin)
    {
        origin = null;
        if (value is null) return false;
        string[] p = value.Split(' ');
        if (p.Length != 6) return false;
        if (!SdpGrammar.IsNonWhitespace(p[0])
            || !SdpGrammar.TryParseUInt64(p[1], out ulong id)
            || !SdpGrammar.TryParseUInt64(p[2], out ulong version)
            || !SdpGrammar.IsToken(p[3]) || !SdpGrammar.IsToken(p[4])
            || !SdpGrammar.IsNonWhitespace(p[5]))
            return false;
        origin = new SdpOrigin(p[0], id, version, p[3], p[4], p[5]);
        return true;
    }

    /// <summary>The value written after "o=". Throws if a field would not parse back.</summary>
    public string ToValue()
    {
        if (!SdpGrammar.IsNonWhitespace(Username) || !SdpGrammar.IsToken(NetType)
            || !SdpGrammar.IsToken(AddressType) || !SdpGrammar.IsNonWhitespace(Address))
            throw new InvalidOperationException($"The origin '{this}' has an empty field or a field with whitespace.");
        return $"{Username} {SdpGrammar.Invariant(SessionId)} {SdpGrammar.Invariant(SessionVersion)} {NetType} {AddressType} {Address}";
    }
}
