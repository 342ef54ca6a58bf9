using ScaleMeet.Server.Metrics;

namespace ScaleMeet.Focus.Tests.Metrics;

/// <summary>The text exposition format 0.0.4: escaping, values, names, families.</summary>
public sealed class PrometheusTextWriterTests
{
    public static TheoryData<string, double, string> Values => new()
    {
        { "zero", 0, "0" },
        { "integer", 42, "42" },
        { "negative", -7.25, "-7.25" },
        { "shortest round trip", 0.1, "0.1" },
        { "a third", 1.0 / 3, "0.3333333333333333" },
        { "large", 1e20, "1E+20" },
        { "long integer", 123456789012, "123456789012" },
        { "smallest", double.Epsilon, "5E-324" },
        { "max", double.MaxValue, "1.7976931348623157E+308" },
        { "not a number", double.NaN, "NaN" },
        { "positive infinity", double.PositiveInfinity, "+Inf" },
        { "negative infinity", double.NegativeInfinity, "-Inf" },
    };

    public static TheoryData<string, string, string, string> Names => new()
    {
        { "valid gauge", "scalemeet_focus_rooms", "Gauge", "scalemeet_focus_rooms" },
        { "counter gets _total", "scalemeet_focus_joins", "Counter", "scalemeet_focus_joins_total" },
        { "counter keeps _total", "requests_total", "Counter", "requests_total" },
        { "dots and dashes", "http.server.request-duration", "Gauge", "http_server_request_duration" },
        { "colon allowed", "job:requests:rate5m", "Gauge", "job:requests:rate5m" },
        { "leading digit", "9lives", "Gauge", "_9lives" },
        { "non-ASCII", "größe", "Gauge", "gr__e" },
        { "empty", "", "Gauge", "_" },
        { "sanitized counter", "bytes.sent", "Counter", "bytes_sent_total" },
    };

    public static TheoryData<string, string, string> LabelNames => new()
    {
        { "valid", "generation", "generation" },
        { "dash", "my-label", "my_label" },
        { "colon not allowed", "a:b", "a_b" },
        { "leading digit", "1st", "_1st" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void FormatValue_Table_InvariantShortestRoundTrip(string name, double value, string expected)
    {
        Assert.True(expected == PrometheusTextWriter.FormatValue(value), name);
        if (double.IsFinite(value))
        {
            Assert.Equal(value, double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MetricName_Table_ValidPrometheusName(string name, string instrument, string type, string expected)
    {
        Assert.True(expected == PrometheusNames.MetricName(instrument, Enum.Parse<MetricType>(type)), name);
    }

    [Theory]
    [MemberData(nameof(LabelNames))]
    public void LabelName_Table_ValidLabelName(string name, string label, string expected)
    {
        Assert.True(expected == PrometheusNames.LabelName(label), name);
    }

    [Fact]
    public void Write_HelpWithBackslashAndNewline_Escaped()
    {
        var text = PrometheusTextWriter.Write([new MetricFamily("m", MetricType.Gauge, "path C:\\temp\nsecond \"line\"", [new MetricSample(1)])]);

        Assert.Equal("# HELP m path C:\\\\temp\\nsecond \"line\"\n# TYPE m gauge\nm 1\n", text);
    }

    [Fact]
    public void Write_LabelValueWithBackslashQuoteNewline_Escaped()
    {
        var sample = new MetricSample([new("path", "C:\\a \"b\"\nc"), new("ok", "plain")], 2);

        var text = PrometheusTextWriter.Write([new MetricFamily("m", MetricType.Gauge, "h", [sample])]);

        Assert.Equal("# HELP m h\n# TYPE m gauge\nm{path=\"C:\\\\a \\\"b\\\"\\nc\",ok=\"plain\"} 2\n", text);
    }

    [Fact]
    public void Write_InvalidAndRepeatedLabelNames_SanitizedFirstKept()
    {
        var sample = new MetricSample([new("a.b", "1"), new("a_b", "2"), new("0x", "3")], 1);

        var text = PrometheusTextWriter.Write([new MetricFamily("m", MetricType.Gauge, "h", [sample])]);

        Assert.Contains("m{a_b=\"1\",_0x=\"3\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Counter_TypeCounterAndTotalName()
    {
        var text = PrometheusTextWriter.Write([new MetricFamily("scalemeet.focus.joins", MetricType.Counter, "Joins.", [new MetricSample(3)])]);

        Assert.Equal("# HELP scalemeet_focus_joins_total Joins.\n# TYPE scalemeet_focus_joins_total counter\nscalemeet_focus_joins_total 3\n", text);
    }

    [Fact]
    public void Write_Summary_SumAndCountSamples()
    {
        IReadOnlyList<KeyValuePair<string, string>> labels = [new("op", "join")];
        var family = new MetricFamily("latency_seconds", MetricType.Summary, "Latency.", [new(labels, 0.75, "_sum"), new(labels, 3, "_count")]);

        var text = PrometheusTextWriter.Write([family]);

        Assert.Equal(
            "# HELP latency_seconds Latency.\n# TYPE latency_seconds summary\nlatency_seconds_sum{op=\"join\"} 0.75\nlatency_seconds_count{op=\"join\"} 3\n",
            text);
    }

    [Fact]
    public void Write_FamiliesOutOfOrderAndSplit_SortedGroupedOneHeaderEach()
    {
        MetricFamily[] families =
        [
            new("b", MetricType.Gauge, "B first.", [Sample("x", "1", 1)]),
            new("a", MetricType.Counter, "A.", [new MetricSample(5)]),
            new("c", MetricType.Gauge, "C.", [new MetricSample(7)]),
            new("b", MetricType.Gauge, "B second.", [Sample("x", "2", 2)]),
        ];

        var text = PrometheusTextWriter.Write(families);

        Assert.Equal(
            """
            # HELP a_total A.
            # TYPE a_total counter
            a_total 5
            # HELP b B first.
            # TYPE b gauge
            b{x="1"} 1
            b{x="2"} 2
            # HELP c C.
            # TYPE c gauge
            c 7

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Write_SameSeriesTwice_CountersAddGaugesKeepLast()
    {
        MetricFamily[] families =
        [
            new("sent", MetricType.Counter, "Sent.", [Sample("k", "v", 2)]),
            new("sent_total", MetricType.Counter, "Sent again.", [Sample("k", "v", 3)]),
            new("level", MetricType.Gauge, "Level.", [new MetricSample(1)]),
            new("level", MetricType.Gauge, "Level.", [new MetricSample(4)]),
        ];

        var text = PrometheusTextWriter.Write(families);

        Assert.Contains("sent_total{k=\"v\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("\nlevel 4\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.StartsWith("# TYPE sent_total", StringComparison.Ordinal));
        Assert.DoesNotContain("level 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EmptyHelp_NoHelpLine()
    {
        var text = PrometheusTextWriter.Write([new MetricFamily("m", MetricType.Gauge, "", [new MetricSample(1)])]);

        Assert.Equal("# TYPE m gauge\nm 1\n", text);
    }

    [PromtoolFact]
    public async Task Write_EdgeCases_PromtoolParsesWithoutProblems()
    {
        MetricFamily[] families =
        [
            new("edge.values", MetricType.Gauge, "Help with \\ and\nnewline.",
            [
                Sample("v", "nan", double.NaN),
                Sample("v", "inf", double.PositiveInfinity),
                Sample("v", "-inf", double.NegativeInfinity),
                Sample("v", "tiny", double.Epsilon),
                Sample("v", "quote\" back\\ nl\n", 1e20),
            ]),
            new("edge_events", MetricType.Counter, "Events.", [Sample("kind", "a", 1), Sample("kind", "b", 2)]),
            new("edge_duration_seconds", MetricType.Histogram, "Durations.",
            [
                new([new("le", "0.005")], 1, "_bucket"),
                new([new("le", "+Inf")], 3, "_bucket"),
                new([], 0.75, "_sum"),
                new([], 3, "_count"),
            ]),
        ];

        var (exitCode, problems) = await Promtool.CheckMetricsAsync(PrometheusTextWriter.Write(families));

        Assert.True(exitCode == 0, string.Join('\n', problems));
    }

    private static MetricSample Sample(string label, string value, double number) => new([new(label, value)], number);
}
