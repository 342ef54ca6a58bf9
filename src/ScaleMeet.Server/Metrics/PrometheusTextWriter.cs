using System.Buffers;
using System.Globalization;

namespace ScaleMeet.Server.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format, version 0.0.4: per family one
/// <c># HELP name text</c> and one <c># TYPE name type</c> line, then its samples <c>name{label="value",…} value</c>,
/// lines ending in <c>\n</c>.
/// Families whose exposed names coincide (the same instrument in two meters, say) are merged into one, keeping the
/// first one's help and type; a series that appears twice is added up for counters and summaries and takes the
/// last value for gauges. Families are written sorted by name (ordinal), so the output is stable; samples keep
/// the order given. Help text escapes <c>\</c> and newline; label values also escape <c>"</c>. Values are
/// invariant-culture, shortest round-trip, with <c>NaN</c>, <c>+Inf</c> and <c>-Inf</c>.
/// </summary>
internal static class PrometheusTextWriter
{
    /// <summary>The content type of this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly SearchValues<char> HelpSpecials = SearchValues.Create("\\\n");
    private static readonly SearchValues<char> LabelValueSpecials = SearchValues.Create("\\\n\"");

    /// <summary>The exposition of <paramref name="families"/> as one string.</summary>
    public static string Write(IEnumerable<MetricFamily> families)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, families);
        return text.ToString();
    }

    /// <summary>Writes the exposition of <paramref name="families"/> to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, IEnumerable<MetricFamily> families)
    {
        var merged = new SortedDictionary<string, MergedFamily>(StringComparer.Ordinal);
        foreach (var family in families)
        {
            var name = PrometheusNames.MetricName(family.Name, family.Type);
            if (!merged.TryGetValue(name, out var target))
            {
                target = new MergedFamily(family.Type, family.Help);
                merged.Add(name, target);
            }

            foreach (var sample in family.Samples)
            {
                target.Add(SeriesText(name, sample), sample.Value);
            }
        }

        foreach (var (name, family) in merged)
        {
            if (family.Help.Length > 0)
            {
                output.Write("# HELP ");
                output.Write(name);
                output.Write(' ');
                WriteEscaped(output, family.Help, HelpSpecials);
                output.Write('\n');
            }

            output.Write("# TYPE ");
            output.Write(name);
            output.Write(' ');
            output.Write(TypeName(family.Type));
            output.Write('\n');
            foreach (var (series, value) in family.Samples)
            {
                output.Write(series);
                output.Write(' ');
                WriteValue(output, value);
                output.Write('\n');
            }
        }
    }

    /// <summary>The value as the format spells it: <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>, or shortest round-trip invariant.</summary>
    public static string FormatValue(double value)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteValue(text, value);
        return text.ToString();
    }

    private static void WriteValue(TextWriter output, double value)
    {
        if (double.IsNaN(value))
        {
            output.Write("NaN");
        }
        else if (double.IsPositiveInfinity(value))
        {
            output.Write("+Inf");
        }
        else if (double.IsNegativeInfinity(value))
        {
            output.Write("-Inf");
        }
        else
        {
            // .NET Core 3.0+ formats "R" as the shortest string that parses back to the same double.
            Span<char> buffer = stackalloc char[32];
            value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
            output.Write(buffer[..written]);
        }
    }

    /// <summary><c>name{a="x",b="y"}</c>: the sample's name and escaped labels (sanitized names; repeats dropped).</summary>
    private static string SeriesText(string name, MetricSample sample)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        text.Write(name);
        text.Write(sample.Suffix);
        if (sample.Labels.Count > 0)
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            text.Write('{');
            foreach (var (label, value) in sample.Labels)
            {
                var labelName = PrometheusNames.LabelName(label);
                if (!written.Add(labelName))
                {
                    continue;
                }

                if (written.Count > 1)
                {
                    text.Write(',');
                }

                text.Write(labelName);
                text.Write("=\"");
                WriteEscaped(text, value, LabelValueSpecials);
                text.Write('"');
            }

            text.Write('}');
        }

        return text.ToString();
    }

    private static void WriteEscaped(TextWriter output, string text, SearchValues<char> specials)
    {
        var rest = text.AsSpan();
        int next;
        while ((next = rest.IndexOfAny(specials)) >= 0)
        {
            output.Write(rest[..next]);
            output.Write(rest[next] switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                _ => "\\\"",
            });
            rest = rest[(next + 1)..];
        }

        output.Write(rest);
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Summary => "summary",
        MetricType.Histogram => "histogram",
        _ => "gauge",
    };

    /// <summary>One exposed family: its samples in first-seen order, a repeated series merged per the type.</summary>
    private sealed class MergedFamily(MetricType type, string help)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public MetricType Type { get; } = type;

        public string Help { get; } = help;

        public List<(string Series, double Value)> Samples { get; } = [];

        public void Add(string series, double value)
        {
            if (!_index.TryGetValue(series, out var i))
            {
                _index.Add(series, Samples.Count);
                Samples.Add((series, value));
                return;
            }

            var sum = Type == MetricType.Gauge ? value : Samples[i].Value + value;
            Samples[i] = (series, sum);
        }
    }
}
