using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// An RTP header extension mapping (RFC 8285 §8):
///
///   a=extmap:&lt;value&gt;["/"&lt;direction&gt;] &lt;URI&gt; [&lt;extensionattributes&gt;]
///
/// value 1–14 fits the one-byte header, 1–255 the two-byte header (RFC 8285 §4.2-4.3), 4096–4351 is
/// reserved for offers (§6). e.g. a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01,
/// a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level. <see cref="Attributes"/> is the
/// rest of the line after the URI, verbatim (null when absent).
/// </summary>
public sealed record SdpExtMap(int Id, string Uri, string? Direction = null, string? Attributes = null)
{
    internal const string Syntax = "<id 1-255>[/<direction>] <URI> [<attributes>]";

    /// <summary>Parses the value after "a=extmap:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpExtMap? extMap)
    {
        extMap = null;
        if (value is null) return false;
        int sp = value.IndexOf(' ', StringComparison.Ordinal);
        if (sp <= 0) return false;
        ReadOnlySpan<char> idPart = value.AsSpan(0, sp);
        string? direction = null;
        int slash = idPart.IndexOf('/');
        if (slash >= 0)
        {
            direction = idPart[(slash + 1)..].ToString();
            if (!SdpDirections.TryFromName(direction, out _)) return false;
            idPart = idPart[..slash];
        }
        if (!SdpGrammar.TryParseInt(idPart, 1, 4351, out int id) || (id > 255 && id < 4096)) return false;

        string rest = value[(sp + 1)..];
        int sp2 = rest.IndexOf(' ', StringComparison.Ordinal);
        string uri = sp2 < 0 ? rest : rest[..sp2];
        string? attributes = sp2 < 0 ? null : rest[(sp2 + 1)..];
        if (!SdpGrammar.IsNonWhitespace(uri) || attributes is { Length: 0 }) return false;
        extMap = new SdpExtMap(id, uri, direction, attributes);
        return true;
    }

    public string ToValue()
    {
        string id = Direction is null
            ? Id.ToString(CultureInfo.InvariantCulture)
            : Id.ToString(CultureInfo.InvariantCulture) + "/" + Direction;
        return Attributes is null ? id + " " + Uri : id + " " + Uri + " " + Attributes;
    }
}
