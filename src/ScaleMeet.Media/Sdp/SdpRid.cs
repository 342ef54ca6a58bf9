using System.Diagnostics.CodeAnalysis;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// An RTP stream identifier (RFC 8851 §10):
///
///   a=rid:&lt;rid-id&gt; SP ("send" / "recv") [SP &lt;rid-pt-param-list&gt; / SP &lt;rid-param-list&gt;]
///   rid-id = 1*(ALPHA / DIGIT / "-" / "_")
///   params e.g. "pt=96,97;max-width=1280;max-height=720;max-fps=30", "max-br=…", "depend=…"
///
/// Chrome's simulcast offer carries a=rid:q send, a=rid:h send, a=rid:f send and no layer SSRCs:
/// layers are told apart by the sdes:rtp-stream-id header extension. <see cref="Params"/> is verbatim.
/// </summary>
public sealed record SdpRid(string Id, string Direction, string? Params = null)
{
    internal const string Syntax = "<rid> send|recv [<params>]";

    /// <summary>Parses the value after "a=rid:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRid? rid)
    {
        rid = null;
        if (value is null) return false;
        string[] parts = value.Split(' ', 3);
        if (parts.Length < 2 || !IsRidId(parts[0]) || parts[1] is not ("send" or "recv")) return false;
        if (parts.Length == 3 && !SdpGrammar.IsNonWhitespace(parts[2])) return false;
        rid = new SdpRid(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
    }

    public string ToValue() => Params is null ? Id + " " + Direction : Id + " " + Direction + " " + Params;

    /// <summary>The value of one restriction ("max-width" → "1280"), or null; "pt=" is read the same way.</summary>
    public string? GetParameter(string name)
    {
        if (Params is null) return null;
        foreach (string part in Params.Split(';'))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? part : part[..eq];
            if (key == name) return eq < 0 ? "" : part[(eq + 1)..];
        }
        return null;
    }

    internal static bool IsRidId(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (char c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')) return false;
        return true;
    }
}
