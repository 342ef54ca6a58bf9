using System.Text;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// Writes a description in the order of RFC 8866 §5, CRLF after every line:
///   session: v o s i u e p c b t [t r]… z k a*     media: m i c b k a*
/// Values are checked on the way out, so the text always parses back; a value that code set and that
/// cannot be written (a line break, a space inside a field) throws <see cref="InvalidOperationException"/>.
/// </summary>
internal static class SdpWriter
{
    public static string Write(SessionDescription s)
    {
        var sb = new StringBuilder(4096);
        if (s.Version != 0) Fail($"v={s.Version}: only version 0 exists");
        Line(sb, 'v', "0");
        Line(sb, 'o', s.Origin.ToValue());
        Line(sb, 's', s.SessionName.Length == 0 ? "-" : s.SessionName);
        CheckOthers(s.OtherFields, "iueptrzk", "session");
        Others(sb, s.OtherFields, "i");
        Others(sb, s.OtherFields, "u");
        Others(sb, s.OtherFields, "e");
        Others(sb, s.OtherFields, "p");
        if (s.Connection is not null) Line(sb, 'c', s.Connection.ToValue());
        foreach (SdpBandwidth b in s.Bandwidths) Line(sb, 'b', b.ToValue());
        Line(sb, 't', SdpGrammar.Invariant(s.StartTime) + " " + SdpGrammar.Invariant(s.StopTime));
        Others(sb, s.OtherFields, "tr");
        Others(sb, s.OtherFields, "z");
        Others(sb, s.OtherFields, "k");
        Attributes(sb, s.Attributes);

        foreach (MediaDescription m in s.Media)
        {
            Line(sb, 'm', MediaLine(m));
            CheckOthers(m.OtherFields, "ik", "media");
            Others(sb, m.OtherFields, "i");
            if (m.Connection is not null) Line(sb, 'c', m.Connection.ToValue());
            foreach (SdpBandwidth b in m.Bandwidths) Line(sb, 'b', b.ToValue());
            Others(sb, m.OtherFields, "k");
            Attributes(sb, m.Attributes);
        }
        return sb.ToString();
    }

    private static string MediaLine(MediaDescription m)
    {
        if (!SdpGrammar.IsToken(m.Kind)) Fail($"the media kind '{m.Kind}' is not a token");
        if (m.Port is < 0 or > 65535) Fail($"the port {m.Port} is outside 0-65535");
        if (m.PortCount is < 1 or > 65535) Fail($"the port count {m.PortCount} is outside 1-65535");
        if (!SdpGrammar.IsProtocol(m.Protocol)) Fail($"the protocol '{m.Protocol}' is not token/token…");
        if (m.Formats.Count == 0) Fail("an m= line needs at least one format");
        foreach (string f in m.Formats)
            if (!SdpParser.IsValidFormat(f, m.IsRtp)) Fail($"the format '{f}' is not valid for {m.Protocol}");
        string port = m.PortCount is int n
            ? SdpGrammar.Invariant(m.Port) + "/" + SdpGrammar.Invariant(n)
            : SdpGrammar.Invariant(m.Port);
        return m.Kind + " " + port + " " + m.Protocol + " " + string.Join(' ', m.Formats);
    }

    private static void Attributes(StringBuilder sb, List<SdpAttribute> attributes)
    {
        foreach (SdpAttribute a in attributes) Line(sb, 'a', a.Value is null ? a.Name : a.Name + ":" + a.Value);
    }

    private static void CheckOthers(List<SdpField> fields, string allowed, string level)
    {
        foreach (SdpField f in fields)
        {
            if (!allowed.Contains(f.Type, StringComparison.Ordinal))
                Fail($"'{f.Type}=' has no place at {level} level (allowed there: {allowed})");
            if (f.Value.Length == 0) Fail($"the '{f.Type}=' line is empty");
        }
    }

    private static void Others(StringBuilder sb, List<SdpField> fields, string types)
    {
        foreach (SdpField f in fields)
            if (types.Contains(f.Type, StringComparison.Ordinal)) Line(sb, f.Type, f.Value);
    }

    private static void Line(StringBuilder sb, char type, string value)
    {
        if (!SdpGrammar.IsText(value)) Fail($"the '{type}=' value holds a NUL, CR or LF");
        sb.Append(type).Append('=').Append(value).Append("\r\n");
    }

    private static void Fail(string problem) => throw new InvalidOperationException("Cannot write SDP: " + problem + ".");
}
