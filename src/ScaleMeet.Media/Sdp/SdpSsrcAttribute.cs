using System.Diagnostics.CodeAnalysis;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// A source-specific attribute (RFC 5576 §4.1):
///
///   a=ssrc:&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;]         ssrc-id = 32-bit unsigned decimal
///
/// e.g. a=ssrc:2951637284 cname:Hk2EuYvXqRk0D1xq, a=ssrc:2951637284 msid:stream-id track-id.
/// </summary>
public sealed record SdpSsrcAttribute(uint Ssrc, string Name, string? Value = null)
{
    internal const string Syntax = "<ssrc 0-4294967295> <attribute>[:<value>]";

    /// <summary>Parses the value after "a=ssrc:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSsrcAttribute? attribute)
    {
        attribute = null;
        if (value is null) return false;
        int sp = value.IndexOf(' ', StringComparison.Ordinal);
        if (sp <= 0 || !SdpGrammar.TryParseUInt32(value.AsSpan(0, sp), out uint ssrc)) return false;
        string rest = value[(sp + 1)..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? rest : rest[..colon];
        if (!SdpGrammar.IsToken(name)) return false;
        attribute = new SdpSsrcAttribute(ssrc, name, colon < 0 ? null : rest[(colon + 1)..]);
        return true;
    }

    public string ToValue() =>
        Value is null ? SdpGrammar.Invariant(Ssrc) + " " + Name : SdpGrammar.Invariant(Ssrc) + " " + Name + ":" + Value;
}
