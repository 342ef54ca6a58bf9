namespace ScaleMeet.Media.Sdp;

/// <summary>
/// Reads and edits an ordered attribute list (session or media level). The list is the source of
/// truth; typed views parse it on every read. Setters replace in place: the first attribute of the
/// name keeps its position, later ones are removed; a new attribute is appended.
/// </summary>
internal static class SdpAttributeList
{
    public static bool Has(this List<SdpAttribute> list, string name) => list.Exists(a => a.Name == name);

    /// <summary>Value of the first attribute of that name (null when absent or a flag).</summary>
    public static string? FirstValue(this List<SdpAttribute> list, string name) =>
        list.Find(a => a.Name == name)?.Value;

    public static IEnumerable<string> Values(this List<SdpAttribute> list, string name)
    {
        foreach (SdpAttribute a in list)
            if (a.Name == name && a.Value is not null) yield return a.Value;
    }

    /// <summary>Every well-formed value of that name, parsed; malformed ones (added by code) are skipped.</summary>
    public static List<T> ParseAll<T>(this List<SdpAttribute> list, string name, TryParser<T> parser)
    {
        var result = new List<T>();
        foreach (string value in list.Values(name))
            if (parser(value, out T? item) && item is not null) result.Add(item);
        return result;
    }

    public delegate bool TryParser<T>(string? value, out T? result);

    /// <summary>Replaces every attribute with one of <paramref name="names"/> by <paramref name="replacement"/>
    /// (at the first one's position), or removes them all when the replacement is null.</summary>
    public static void Replace(this List<SdpAttribute> list, SdpAttribute? replacement, params string[] names)
    {
        int index = list.FindIndex(a => names.Contains(a.Name));
        list.RemoveAll(a => names.Contains(a.Name));
        if (replacement is null) return;
        if (index < 0) list.Add(replacement);
        else list.Insert(index, replacement);
    }

    /// <summary>Sets a checked value attribute (null removes it). Throws on a malformed value.</summary>
    public static void SetValue(this List<SdpAttribute> list, string name, string? value)
    {
        if (value is not null) SdpAttributeSyntax.Require(name, value);
        list.Replace(value is null ? null : new SdpAttribute(name, value), name);
    }

    public static void SetFlag(this List<SdpAttribute> list, string name, bool on)
    {
        if (!on) list.RemoveAll(a => a.Name == name);
        else if (!list.Has(name)) list.Add(new SdpAttribute(name));
    }

    /// <summary>Appends a checked attribute. Throws on a malformed value.</summary>
    public static void AddChecked(this List<SdpAttribute> list, string name, string? value)
    {
        SdpAttributeSyntax.Require(name, value);
        list.Add(new SdpAttribute(name, value));
    }

    public static SdpFingerprint? GetFingerprint(this List<SdpAttribute> list) =>
        SdpFingerprint.TryParse(list.FirstValue("fingerprint"), out SdpFingerprint? f) ? f : null;

    public static IReadOnlyList<string> GetIceOptions(this List<SdpAttribute> list) =>
        list.FirstValue("ice-options") is { Length: > 0 } v ? v.Split(' ') : [];
}
