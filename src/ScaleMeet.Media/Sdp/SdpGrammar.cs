using System.Globalization;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// Character classes and number parsing shared by the SDP parsers and the writer (RFC 8866 §9):
///
///   token-char     = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
///   non-ws-string  = 1*(VCHAR / %x80-FF)
///   byte-string    = 1*(%x01-09/%x0B-0C/%x0E-FF)        ; no NUL, CR or LF
///   ice-char       = ALPHA / DIGIT / "+" / "/"           ; RFC 8839 §5.4
///
/// The parser and the writer use the same predicates, so whatever parses also writes.
/// </summary>
internal static class SdpGrammar
{
    public static bool IsTokenChar(char c) =>
        c == '!' || (c >= '#' && c <= '\'') || c == '*' || c == '+' || c == '-' || c == '.'
        || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= '^' && c <= '~');

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (char c in s)
            if (!IsTokenChar(c)) return false;
        return true;
    }

    /// <summary>A space-separated list of tokens, single spaces only, at least one.</summary>
    public static bool IsTokenList(string? s)
    {
        if (string.IsNullOrEmpty(s)) return false;
        foreach (string part in s.Split(' '))
            if (!IsToken(part)) return false;
        return true;
    }

    public static bool IsNonWhitespace(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (char c in s)
            if (c <= ' ' || c == '\u007f') return false;
        return true;
    }

    /// <summary>True when the text holds no NUL, CR or LF (may be empty).</summary>
    public static bool IsText(ReadOnlySpan<char> s) => s.IndexOfAny('\0', '\r', '\n') < 0;

    public static bool IsIceChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/';

    public static bool IsIceString(ReadOnlySpan<char> s, int minLength, int maxLength)
    {
        if (s.Length < minLength || s.Length > maxLength) return false;
        foreach (char c in s)
            if (!IsIceChar(c)) return false;
        return true;
    }

    /// <summary>proto = token *("/" token), e.g. UDP/TLS/RTP/SAVPF.</summary>
    public static bool IsProtocol(string s)
    {
        if (s.Length == 0) return false;
        foreach (string part in s.Split('/'))
            if (!IsToken(part)) return false;
        return true;
    }

    /// <summary>Decimal digits only (no sign, no spaces), value within [min, max].</summary>
    public static bool TryParseInt(ReadOnlySpan<char> s, int min, int max, out int value)
    {
        value = 0;
        if (!TryParseUInt64(s, out ulong v) || v > int.MaxValue) return false;
        if ((int)v < min || (int)v > max) return false;
        value = (int)v;
        return true;
    }

    public static bool TryParseUInt32(ReadOnlySpan<char> s, out uint value)
    {
        value = 0;
        if (!TryParseUInt64(s, out ulong v) || v > uint.MaxValue) return false;
        value = (uint)v;
        return true;
    }

    public static bool TryParseUInt64(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 20) return false;
        foreach (char c in s)
            if (!char.IsAsciiDigit(c)) return false;
        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Invariant(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Argument check for values that become part of an SDP line: throws on a bad token.</summary>
    public static string RequireToken(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsToken(value))
            throw new ArgumentException($"'{value}' is not an SDP token (RFC 8866 token-char).", paramName);
        return value;
    }

    /// <summary>Argument check: a value must not contain NUL, CR or LF (it would break the line structure).</summary>
    public static string? RequireText(string? value, string paramName)
    {
        if (value is not null && !IsText(value))
            throw new ArgumentException("An SDP value must not contain NUL, CR or LF.", paramName);
        return value;
    }

    /// <summary>A short printable excerpt of untrusted text for error messages.</summary>
    public static string Excerpt(ReadOnlySpan<char> s, int max = 48)
    {
        var chars = new char[Math.Min(s.Length, max)];
        for (int i = 0; i < chars.Length; i++)
            chars[i] = s[i] < ' ' || s[i] == '\u007f' ? '?' : s[i];
        return s.Length > max ? new string(chars) + "…" : new string(chars);
    }
}
