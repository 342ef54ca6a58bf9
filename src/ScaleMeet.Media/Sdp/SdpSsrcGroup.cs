using System.Diagnostics.CodeAnalysis;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// A grouping of sources (RFC 5576 §4.2):
///
///   a=ssrc-group:&lt;semantics&gt; &lt;ssrc-id&gt; *(SP &lt;ssrc-id&gt;)
///
/// e.g. a=ssrc-group:FID 2951637284 1287360425 (media SSRC, then its RTX SSRC, RFC 4588 §8.2) or
/// a=ssrc-group:SIM 1 2 3 (legacy simulcast layers, low to high).
/// </summary>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    internal const string Syntax = "<semantics> <ssrc> [<ssrc>…]";

    /// <summary>Parses the value after "a=ssrc-group:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSsrcGroup? group)
    {
        group = null;
        if (value is null) return false;
        string[] parts = value.Split(' ');
        if (parts.Length < 2 || !SdpGrammar.IsToken(parts[0])) return false;
        var ssrcs = new uint[parts.Length - 1];
        for (int i = 1; i < parts.Length; i++)
            if (!SdpGrammar.TryParseUInt32(parts[i], out ssrcs[i - 1])) return false;
        group = new SdpSsrcGroup(parts[0], ssrcs);
        return true;
    }

    public string ToValue() => Semantics + " " + string.Join(' ', Ssrcs.Select(s => SdpGrammar.Invariant(s)));

    public bool Equals(SdpSsrcGroup? other) =>
        other is not null && Semantics == other.Semantics && Ssrcs.SequenceEqual(other.Ssrcs);

    public override int GetHashCode() => HashCode.Combine(Semantics, Ssrcs.Count);
}
