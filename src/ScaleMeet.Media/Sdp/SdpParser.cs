namespace ScaleMeet.Media.Sdp;

/// <summary>
/// Reads SDP text (RFC 8866 §5, §9) one line at a time:
///
///   line       = type "=" value (CR LF | LF)        type = one letter a-z
///   session    = v o s [i] [u] *e *p [c] *b 1*(t *r) [z] [k] *a
///   media      = m [i] [c] *b [k] *a
///
/// Lenient where browsers differ harmlessly: LF alone, a last line without an end, trailing blank
/// lines, session lines in another order (the writer restores RFC order). Strict where a mistake
/// matters: "v=0" first; o=, s=, t= present before the first m=; each line well formed; unknown line
/// types rejected (RFC 8866 §5); known attributes checked (<see cref="SdpAttributeSyntax"/>); a=mid
/// unique. Every problem is returned as "line N: …"; nothing throws. With <see cref="SdpLimits"/> it stops at the
/// first line past a bound and says which bound (<see cref="SdpLimit"/>), so hostile input costs no more than that.
/// </summary>
internal sealed class SdpParser
{
    private readonly SdpLimits _limits;
    private readonly SessionDescription _session = new();
    private readonly HashSet<char> _seenSession = [];
    private readonly HashSet<char> _seenMedia = [];
    private readonly Dictionary<string, int> _mids = new(StringComparer.Ordinal);
    private MediaDescription? _media;
    private int _mediaLine;
    private bool _mediaHasMid;
    private int _sectionAttributes;
    private int _sectionRids;
    private int _sectionExtMaps;
    private int _line;

    private SdpParser(SdpLimits limits)
    {
        _limits = limits;
    }

    /// <summary>The bound that stopped the last run; <see cref="SdpLimit.None"/> when none did.</summary>
    private SdpLimit Exceeded { get; set; }

    public static bool TryParse(string? text, out SessionDescription? description, out string? error) =>
        TryParse(text, SdpLimits.None, out description, out error, out _);

    public static bool TryParse(string? text, SdpLimits limits, out SessionDescription? description, out string? error, out SdpLimit exceeded)
    {
        var parser = new SdpParser(limits);
        error = parser.Run(text);
        description = error is null ? parser._session : null;
        exceeded = parser.Exceeded;
        return error is null;
    }

    /// <summary>An m= format: a payload type 0-127 for RTP protocols, else a token.</summary>
    internal static bool IsValidFormat(string format, bool rtp) =>
        rtp ? SdpGrammar.TryParseInt(format, 0, 127, out _) : SdpGrammar.IsToken(format);

    private string? Run(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "line 1: the SDP is empty (expected 'v=0')";
        int pos = 0;
        while (pos < text.Length)
        {
            int newline = text.IndexOf('\n', pos);
            int end = newline < 0 ? text.Length : newline;
            int next = newline < 0 ? text.Length : newline + 1;
            if (end > pos && text[end - 1] == '\r') end--;
            _line++;
            if (end == pos)
            {
                if (_line == 1) return At("the SDP is empty (expected 'v=0')");
                if (text.AsSpan(next).Trim("\r\n").IsEmpty) break; // blank lines at the very end
                return At("empty line inside the description");
            }
            string? problem = ParseLine(text.Substring(pos, end - pos));
            if (problem is not null) return At(problem);
            pos = next;
        }
        return MissingSessionLine() is string missing ? At("end of SDP: " + missing) : null;
    }

    private string At(string problem) => $"line {_line}: {problem}";

    private string? MissingSessionLine() =>
        !_seenSession.Contains('o') ? "the description has no 'o=' line"
        : !_seenSession.Contains('s') ? "the description has no 's=' line"
        : !_seenSession.Contains('t') ? "the description has no 't=' line"
        : null;

    private string? ParseLine(string line)
    {
        if (line.Length < 2 || line[1] != '=')
            return $"expected '<letter>=<value>' but found '{SdpGrammar.Excerpt(line)}'";
        char type = line[0];
        string value = line[2..];
        if (type is < 'a' or > 'z') return $"'{SdpGrammar.Excerpt(line.AsSpan(0, 1))}=' is not an SDP line type (a-z)";
        if (!SdpGrammar.IsText(value)) return "the line holds a NUL or a stray CR character";
        if (_line == 1 && type != 'v') return $"expected 'v=0' as the first line but found '{SdpGrammar.Excerpt(line)}'";
        if (type == 'm') return StartMedia(value);
        return _media is null ? SessionLine(type, value) : MediaLine(_media, type, value);
    }

    private string? SessionLine(char type, string value)
    {
        if (type is 'v' or 'o' or 's' or 'i' or 'u' or 'c' or 'z' or 'k' && !_seenSession.Add(type))
            return $"a second '{type}=' line in the session part";
        switch (type)
        {
            case 'v':
                return value == "0" ? null : $"unsupported SDP version 'v={SdpGrammar.Excerpt(value)}' (only v=0 exists)";
            case 'o':
                if (!SdpOrigin.TryParse(value, out SdpOrigin? origin))
                    return "malformed o= line (expected '<username> <sess-id> <sess-version> <nettype> <addrtype> <address>')";
                _session.Origin = origin;
                return null;
            case 's':
                _session.SessionName = value;
                return null;
            case 'c':
                if (!SdpConnection.TryParse(value, out SdpConnection? connection))
                    return "malformed c= line (expected '<nettype> <addrtype> <address>')";
                _session.Connection = connection;
                return null;
            case 'b':
                return Bandwidth(value, _session.Bandwidths);
            case 't':
                string[] times = value.Split(' ');
                if (times.Length != 2 || !SdpGrammar.TryParseUInt64(times[0], out ulong start)
                    || !SdpGrammar.TryParseUInt64(times[1], out ulong stop))
                    return "malformed t= line (expected '<start-time> <stop-time>', JSEP: 't=0 0')";
                if (_seenSession.Add('t'))
                {
                    _session.StartTime = start;
                    _session.StopTime = stop;
                }
                else _session.OtherFields.Add(new SdpField('t', value));
                return null;
            case 'r' when !_seenSession.Contains('t'):
                return "an 'r=' line before any 't=' line";
            case 'i' or 'u' or 'e' or 'p' or 'r' or 'z' or 'k':
                return Other(type, value, _session.OtherFields);
            case 'a':
                return Attribute(value, _session.Attributes, inMedia: false);
            default:
                return $"unknown line type '{type}=' (RFC 8866 §5: a description with one is invalid)";
        }
    }

    private string? StartMedia(string value)
    {
        if (MissingSessionLine() is string missing) return "m= line reached but " + missing;
        if (_session.Media.Count >= _limits.MaxMediaSections)
        {
            Exceeded = SdpLimit.MediaSections;
            return $"more than {_limits.MaxMediaSections} m= sections (the limit)";
        }
        string[] parts = value.Split(' ');
        if (parts.Length < 4)
            return $"malformed m= line '{SdpGrammar.Excerpt(value)}' (expected '<media> <port> <proto> <fmt> …')";
        if (!SdpGrammar.IsToken(parts[0])) return $"m= media type '{SdpGrammar.Excerpt(parts[0])}' is not a token";
        string[] port = parts[1].Split('/');
        if (port.Length > 2 || !SdpGrammar.TryParseInt(port[0], 0, 65535, out int portNumber))
            return $"m= port '{SdpGrammar.Excerpt(parts[1])}' is not a number 0-65535";
        int portCount = 0;
        if (port.Length == 2 && !SdpGrammar.TryParseInt(port[1], 1, 65535, out portCount))
            return $"m= number of ports '{SdpGrammar.Excerpt(port[1])}' is not a number 1-65535";
        if (!SdpGrammar.IsProtocol(parts[2])) return $"m= protocol '{SdpGrammar.Excerpt(parts[2])}' is malformed";

        var media = new MediaDescription(parts[0], portNumber, parts[2], [])
        {
            PortCount = port.Length == 2 ? portCount : null,
        };
        for (int i = 3; i < parts.Length; i++)
        {
            if (!IsValidFormat(parts[i], media.IsRtp))
                return media.IsRtp
                    ? $"m= format '{SdpGrammar.Excerpt(parts[i])}' is not an RTP payload type 0-127"
                    : $"m= format '{SdpGrammar.Excerpt(parts[i])}' is not a token";
            media.Formats.Add(parts[i]);
        }
        _session.Media.Add(media);
        _media = media;
        _mediaLine = _line;
        _mediaHasMid = false;
        _sectionAttributes = 0;
        _sectionRids = 0;
        _sectionExtMaps = 0;
        _seenMedia.Clear();
        return null;
    }

    private string? MediaLine(MediaDescription media, char type, string value)
    {
        if (type is 'i' or 'c' or 'k' && !_seenMedia.Add(type))
            return $"a second '{type}=' line in the m= section of line {_mediaLine}";
        switch (type)
        {
            case 'c':
                if (!SdpConnection.TryParse(value, out SdpConnection? connection))
                    return "malformed c= line (expected '<nettype> <addrtype> <address>')";
                media.Connection = connection;
                return null;
            case 'b':
                return Bandwidth(value, media.Bandwidths);
            case 'i' or 'k':
                return Other(type, value, media.OtherFields);
            case 'a':
                return Attribute(value, media.Attributes, inMedia: true);
            case 'v' or 'o' or 's' or 'u' or 'e' or 'p' or 't' or 'r' or 'z':
                return $"'{type}=' belongs to the session part, not inside the m= section of line {_mediaLine}";
            default:
                return $"unknown line type '{type}=' (RFC 8866 §5: a description with one is invalid)";
        }
    }

    private static string? Bandwidth(string value, List<SdpBandwidth> target)
    {
        if (!SdpBandwidth.TryParse(value, out SdpBandwidth? bandwidth))
            return $"malformed b= line '{SdpGrammar.Excerpt(value)}' (expected '<bwtype>:<bandwidth>')";
        target.Add(bandwidth);
        return null;
    }

    private static string? Other(char type, string value, List<SdpField> target)
    {
        if (value.Length == 0) return $"empty '{type}=' line";
        target.Add(new SdpField(type, value));
        return null;
    }

    private string? Attribute(string value, List<SdpAttribute> target, bool inMedia)
    {
        if (OverLimit(value, inMedia) is string overLimit) return overLimit;
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? value : value[..colon];
        string? attributeValue = colon < 0 ? null : value[(colon + 1)..];
        if (!SdpGrammar.IsToken(name))
            return name.Length == 0 ? "an a= line without an attribute name"
                : $"attribute name '{SdpGrammar.Excerpt(name)}' is not a token";
        if (!SdpAttributeSyntax.TryValidate(name, attributeValue, out string? problem)) return problem;
        if (inMedia && name == "mid")
        {
            if (_mediaHasMid) return $"a second a=mid in the m= section of line {_mediaLine}";
            if (_mids.TryGetValue(attributeValue!, out int first))
                return $"a=mid:{attributeValue} is already used by the m= section of line {first}";
            _mids[attributeValue!] = _mediaLine;
            _mediaHasMid = true;
        }
        target.Add(new SdpAttribute(name, attributeValue));
        return null;
    }

    /// <summary>The problem when this a= line is one past a bound of <see cref="SdpLimits"/>, counting it.</summary>
    private string? OverLimit(string value, bool inMedia)
    {
        string Where() => inMedia ? $"in the m= section of line {_mediaLine}" : "in the session part";
        if (value.StartsWith("rid:", StringComparison.Ordinal) && ++_sectionRids > _limits.MaxRidsPerSection)
        {
            Exceeded = SdpLimit.RidsPerSection;
            return $"more than {_limits.MaxRidsPerSection} a=rid lines {Where()} (the limit)";
        }
        if (value.StartsWith("extmap:", StringComparison.Ordinal) && ++_sectionExtMaps > _limits.MaxExtMapsPerSection)
        {
            Exceeded = SdpLimit.ExtMapsPerSection;
            return $"more than {_limits.MaxExtMapsPerSection} a=extmap lines {Where()} (the limit)";
        }
        if (++_sectionAttributes > _limits.MaxAttributesPerSection)
        {
            Exceeded = SdpLimit.AttributesPerSection;
            return $"more than {_limits.MaxAttributesPerSection} a= lines {Where()} (the limit)";
        }
        return null;
    }
}
