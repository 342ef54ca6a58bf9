using System.Buffers;
using System.Text.Unicode;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// A session description (RFC 8866 §5) as used by WebRTC (JSEP, RFC 8829):
///
///   v=0
///   o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; IN IP4 &lt;address&gt;
///   s=-
///   [i= u= e= p=] [c=] *[b=]
///   t=0 0
///   [r= z= k=] *[a=]
///   *(m= section, see <see cref="MediaDescription"/>)
///
/// <see cref="TryParse"/> accepts CRLF or LF line ends (and a last line without one), checks the
/// syntax of every line and of every attribute it knows, keeps unknown attributes in order, and never
/// throws: a problem comes back as "line N: …". <see cref="ToString"/> writes the lines in RFC order
/// with CRLF; attributes keep their order, so a description in canonical form writes back unchanged.
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class SessionDescription
{
    /// <summary>v=; only 0 exists.</summary>
    public int Version { get; set; }

    /// <summary>o=; defaults to "- 0 0 IN IP4 127.0.0.1". Raise <see cref="SdpOrigin.SessionVersion"/> on each change.</summary>
    public SdpOrigin Origin { get; set; } = new("-", 0, 0);

    /// <summary>s=; JSEP writes "-".</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>A session-level c= line, or null (JSEP puts c= in each m= section).</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>Session-level b= lines.</summary>
    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>The first t= line; JSEP writes "t=0 0".</summary>
    public ulong StartTime { get; set; }

    public ulong StopTime { get; set; }

    /// <summary>i=, u=, e=, p=, later t=, r=, z=, k= lines: kept, not interpreted.</summary>
    public List<SdpField> OtherFields { get; } = [];

    /// <summary>Session-level a= lines, in order.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    /// <summary>Parses SDP text. Never throws; on failure <paramref name="error"/> reads "line N: problem".</summary>
    public static bool TryParse(string text, out SessionDescription? description, out string? error) =>
        SdpParser.TryParse(text, out description, out error);

    /// <summary>
    /// Parses SDP text within <paramref name="limits"/>: it stops at the first line past a bound, with
    /// <paramref name="exceeded"/> naming it (<see cref="SdpLimit.None"/> when the text failed or passed otherwise).
    /// Never throws.
    /// </summary>
    public static bool TryParse(string text, SdpLimits limits, out SessionDescription? description, out string? error, out SdpLimit exceeded)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return SdpParser.TryParse(text, limits, out description, out error, out exceeded);
    }

    /// <summary>Parses SDP received as UTF-8 bytes. Invalid UTF-8 is rejected ("line N: …"). Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out SessionDescription? description, out string? error)
    {
        description = null;
        var chars = new char[utf8.Length];
        OperationStatus status = Utf8.ToUtf16(utf8, chars, out int read, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            error = $"line {utf8[..read].Count((byte)'\n') + 1}: the text is not valid UTF-8";
            return false;
        }
        return SdpParser.TryParse(new string(chars, 0, written), out description, out error);
    }

    /// <summary>The description as RFC 8866 text with CRLF line ends. Throws
    /// <see cref="InvalidOperationException"/> if code put a value that cannot be written into a field.</summary>
    public override string ToString() => SdpWriter.Write(this);

    /// <summary>Appends a session-level attribute, checked like <see cref="MediaDescription.AddAttribute"/>.</summary>
    public void AddAttribute(string name, string? value = null) => Attributes.AddChecked(name, value);

    /// <summary>The first m= section with that a=mid, or null.</summary>
    public MediaDescription? FindMedia(string mid) => Media.Find(m => m.Mid == mid);

    /// <summary>Every a=group line, parsed.</summary>
    public IReadOnlyList<SdpGroup> Groups => Attributes.ParseAll<SdpGroup>("group", SdpGroup.TryParse);

    /// <summary>The mids of the first a=group:BUNDLE (empty when none). Setting replaces that line in
    /// place; an empty list removes it.</summary>
    public IReadOnlyList<string> BundleMids
    {
        get => Groups.FirstOrDefault(g => g.Semantics == "BUNDLE")?.Mids ?? [];
        set
        {
            string? text = value.Count == 0 ? null : new SdpGroup("BUNDLE", value).ToValue();
            if (text is not null) SdpAttributeSyntax.Require("group", text);
            bool IsBundle(SdpAttribute a) => a.Name == "group" && SdpGroup.TryParse(a.Value, out SdpGroup? g)
                && g.Semantics == "BUNDLE";
            int index = Attributes.FindIndex(IsBundle);
            Attributes.RemoveAll(IsBundle);
            if (text is null) return;
            if (index < 0) Attributes.Add(new SdpAttribute("group", text));
            else Attributes.Insert(index, new SdpAttribute("group", text));
        }
    }

    /// <summary>a=ice-lite (RFC 8839 §5.3).</summary>
    public bool IceLite
    {
        get => Attributes.Has("ice-lite");
        set => Attributes.SetFlag("ice-lite", value);
    }

    /// <summary>Session-level a=ice-ufrag (sections may override it).</summary>
    public string? IceUfrag
    {
        get => Attributes.FirstValue("ice-ufrag");
        set => Attributes.SetValue("ice-ufrag", value);
    }

    /// <summary>Session-level a=ice-pwd.</summary>
    public string? IcePwd
    {
        get => Attributes.FirstValue("ice-pwd");
        set => Attributes.SetValue("ice-pwd", value);
    }

    /// <summary>Session-level a=ice-options, split at spaces.</summary>
    public IReadOnlyList<string> IceOptions => Attributes.GetIceOptions();

    /// <summary>Session-level a=fingerprint (Firefox writes it here).</summary>
    public SdpFingerprint? Fingerprint
    {
        get => Attributes.GetFingerprint();
        set => Attributes.SetValue("fingerprint", value?.ToValue());
    }

    /// <summary>Session-level a=setup.</summary>
    public string? Setup
    {
        get => Attributes.FirstValue("setup");
        set => Attributes.SetValue("setup", value);
    }

    /// <summary>a=msid-semantic trimmed, e.g. "WMS", "WMS *" or "WMS stream-id". Chrome writes
    /// "a=msid-semantic: WMS" (space after the colon); the raw value is kept for writing.</summary>
    public string? MsidSemantic
    {
        get => Attributes.FirstValue("msid-semantic")?.Trim();
        set => Attributes.SetValue("msid-semantic", value);
    }

    /// <summary>Session-level a=extmap-allow-mixed (RFC 8285 §6).</summary>
    public bool ExtmapAllowMixed
    {
        get => Attributes.Has("extmap-allow-mixed");
        set => Attributes.SetFlag("extmap-allow-mixed", value);
    }
}
