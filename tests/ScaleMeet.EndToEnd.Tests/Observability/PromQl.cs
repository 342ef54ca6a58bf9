using System.Text.RegularExpressions;

namespace ScaleMeet.EndToEnd.Tests.Observability;

/// <summary>
/// The metric names a PromQL expression reads: identifiers that are not functions or aggregations (followed by
/// <c>(</c>), keywords, label names (inside <c>{}</c> or a <c>by/without/on/ignoring/group_*</c> list), strings,
/// durations or numbers. Enough of PromQL for dashboards and alert rules; not a full parser.
/// </summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords =
        ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"];

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var text = Strings().Replace(expression, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Identifier().Matches(text))
        {
            var name = m.Value;
            var after = text.AsSpan(m.Index + m.Length).TrimStart();
            var isCall = after.Length > 0 && after[0] == '(';
            var isNumber = m.Index > 0 && (char.IsDigit(text[m.Index - 1]) || text[m.Index - 1] == '.');
            if (!isCall && !isNumber && !Keywords.Contains(name.ToLowerInvariant()) && !name.StartsWith('$'))
            {
                names.Add(name);
            }
        }

        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$?[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
