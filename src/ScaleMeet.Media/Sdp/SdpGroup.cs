using System.Diagnostics.CodeAnalysis;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// A grouping of media sections (RFC 5888 §5, BUNDLE: RFC 8843 §7):
///
///   a=group:&lt;semantics&gt; *(SP &lt;identification-tag&gt;)        e.g. a=group:BUNDLE 0 1 2
///
/// The tags are the a=mid values of the grouped sections, the first being the BUNDLE tag.
/// </summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    /// <summary>Parses the value after "a=group:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpGroup? group)
    {
        group = null;
        if (value is null) return false;
        string[] parts = value.Split(' ');
        foreach (string part in parts)
            if (!SdpGrammar.IsToken(part)) return false;
        group = new SdpGroup(parts[0], parts[1..]);
        return true;
    }

    public string ToValue() => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Mids);

    public bool Equals(SdpGroup? other) =>
        other is not null && Semantics == other.Semantics && Mids.SequenceEqual(other.Mids);

    public override int GetHashCode() => HashCode.Combine(Semantics, Mids.Count);
}
