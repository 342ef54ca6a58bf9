namespace ScaleMeet.Server.Metrics;

/// <summary>
/// Valid Prometheus names from arbitrary instrument and tag names: every character outside the allowed set becomes
/// <c>_</c>, and a name that would start with a digit (or be empty) gets a leading <c>_</c>.
/// Metric names: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>. Label names: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.
/// </summary>
internal static class PrometheusNames
{
    /// <summary>The exposed name of a metric: sanitized, and ending in <c>_total</c> for a counter.</summary>
    public static string MetricName(string name, MetricType type)
    {
        var sanitized = Sanitize(name, allowColon: true);
        return type == MetricType.Counter && !sanitized.EndsWith("_total", StringComparison.Ordinal) ? sanitized + "_total" : sanitized;
    }

    /// <summary>A valid label name for <paramref name="name"/>.</summary>
    public static string LabelName(string name) => Sanitize(name, allowColon: false);

    private static string Sanitize(string name, bool allowColon)
    {
        var valid = name.Length > 0 && !char.IsAsciiDigit(name[0]);
        foreach (var c in name)
        {
            valid &= IsNameChar(c, allowColon);
        }

        if (valid)
        {
            return name;
        }

        var prefix = name.Length == 0 || char.IsAsciiDigit(name[0]) ? 1 : 0;
        return string.Create(name.Length + prefix, (name, allowColon, prefix), static (span, state) =>
        {
            span[0] = '_';
            for (var i = 0; i < state.name.Length; i++)
            {
                var c = state.name[i];
                span[i + state.prefix] = IsNameChar(c, state.allowColon) ? c : '_';
            }
        });
    }

    private static bool IsNameChar(char c, bool allowColon) => char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
}
