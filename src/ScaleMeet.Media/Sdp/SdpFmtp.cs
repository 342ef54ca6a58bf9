using System.Diagnostics.CodeAnalysis;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// Format parameters (RFC 8866 §6.15):
///
///   a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;
///
/// e.g. a=fmtp:111 minptime=10;useinbandfec=1, a=fmtp:97 apt=96, a=fmtp:63 111/111 (RED).
/// <see cref="Parameters"/> is kept verbatim; <see cref="GetParameters"/> splits the common
/// "key=value;key=value" form.
/// </summary>
public sealed record SdpFmtp(string Format, string Parameters)
{
    internal const string Syntax = "<format> <parameters>";

    /// <summary>Parses the value after "a=fmtp:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpFmtp? fmtp)
    {
        fmtp = null;
        if (value is null) return false;
        int sp = value.IndexOf(' ', StringComparison.Ordinal);
        if (sp <= 0 || sp == value.Length - 1 || !SdpGrammar.IsToken(value.AsSpan(0, sp))) return false;
        fmtp = new SdpFmtp(value[..sp], value[(sp + 1)..]);
        return true;
    }

    public string ToValue() => Format + " " + Parameters;

    /// <summary>
    /// The parameters split at ';' then at the first '=', names and values trimmed of spaces, in
    /// order; a part without '=' (RED's "111/111", telephone-event's "0-15") becomes a name with value "".
    /// A later duplicate name wins.
    /// </summary>
    public IReadOnlyDictionary<string, string> GetParameters()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in Parameters.Split(';'))
        {
            string item = part.Trim();
            if (item.Length == 0) continue;
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) result[item] = "";
            else result[item[..eq].Trim()] = item[(eq + 1)..].Trim();
        }
        return result;
    }
}
