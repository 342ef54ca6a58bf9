using System.Diagnostics.Metrics;
using ScaleMeet.Server.Metrics;

namespace ScaleMeet.Focus.Tests.Metrics;

/// <summary>
/// The MeterListener collector on private meters: each test's meter has a name no other test uses, so tests
/// running in parallel (and the servers of functional tests) do not see each other's instruments.
/// </summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly string _meterName = $"Test.Collector.{Guid.NewGuid():N}";
    private readonly Meter _meter;
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests()
    {
        _meter = new Meter(_meterName);
        _collector = new MetricsCollector([_meterName]);
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public async Task Counter_AddsFromManyThreadsWhileScraping_SumsEveryAdd()
    {
        var counter = _meter.CreateCounter<long>("events", description: "Events.");
        var scraping = Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                _collector.Scrape();
            }
        });

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(1);
            }
        });
        await scraping;

        var family = Assert.Single(_collector.Collect());
        Assert.Equal(("events", MetricType.Counter, "Events."), (family.Name, family.Type, family.Help));
        Assert.Equal(80_000, Assert.Single(family.Samples).Value);
    }

    [Fact]
    public void Counter_TagSets_SeparateSeriesWhateverTheTagOrder()
    {
        var counter = _meter.CreateCounter<int>("requests");

        counter.Add(1, new("method", "get"), new("code", 200));
        counter.Add(2, new("code", 200), new("method", "get"));
        counter.Add(5, new("method", "post"), new("code", 200));
        counter.Add(7);

        var samples = Assert.Single(_collector.Collect()).Samples;
        Assert.Equal(
            [("", 7.0), ("code=200,method=get", 3.0), ("code=200,method=post", 5.0)],
            samples.Select(s => (string.Join(',', s.Labels.Select(l => $"{l.Key}={l.Value}")), s.Value)));
    }

    [Fact]
    public void ObservableGauge_ValueChangesBetweenScrapes_ReadAtEachScrape()
    {
        var level = 1.5;
        var calls = 0;
        _meter.CreateObservableGauge("level", () =>
        {
            calls++;
            return level;
        });

        var first = Assert.Single(Assert.Single(_collector.Collect()).Samples).Value;
        level = -3;
        var second = Assert.Single(Assert.Single(_collector.Collect()).Samples).Value;

        Assert.Equal((1.5, -3.0, 2), (first, second, calls));
    }

    [Fact]
    public void ObservableGauge_SeriesNoLongerReported_Disappears()
    {
        string[] rooms = ["a", "b"];
        _meter.CreateObservableGauge("members", () => rooms.Select(r => new Measurement<int>(1, new KeyValuePair<string, object?>("room", r))));

        var before = Assert.Single(_collector.Collect()).Samples.Count;
        rooms = ["b"];
        var after = Assert.Single(_collector.Collect()).Samples;

        Assert.Equal(2, before);
        Assert.Equal("b", Assert.Single(Assert.Single(after).Labels).Value);
    }

    [Fact]
    public void ObservableCounter_CumulativeObservation_ReportedAsIsAsCounter()
    {
        long total = 10;
        _meter.CreateObservableCounter("bytes", () => total);

        _collector.Collect();
        total = 25;
        var family = Assert.Single(_collector.Collect());

        Assert.Equal((MetricType.Counter, 25.0), (family.Type, Assert.Single(family.Samples).Value));
    }

    [Fact]
    public void UpDownCounterAndGauge_ExposedAsGauges()
    {
        var queue = _meter.CreateUpDownCounter<long>("queue");
        var temperature = _meter.CreateGauge<double>("temperature");

        queue.Add(5);
        queue.Add(-2);
        temperature.Record(20);
        temperature.Record(21.5);

        var families = _collector.Collect().ToDictionary(f => f.Name);
        Assert.Equal((MetricType.Gauge, 3.0), (families["queue"].Type, Assert.Single(families["queue"].Samples).Value));
        Assert.Equal((MetricType.Gauge, 21.5), (families["temperature"].Type, Assert.Single(families["temperature"].Samples).Value));
    }

    [Fact]
    public void Histogram_Measurements_SummarySumAndCount()
    {
        var duration = _meter.CreateHistogram<double>("duration_seconds");

        duration.Record(0.25);
        duration.Record(0.5);
        duration.Record(1);

        var family = Assert.Single(_collector.Collect());
        Assert.Equal(MetricType.Summary, family.Type);
        Assert.Equal([("_sum", 1.75), ("_count", 3.0)], family.Samples.Select(s => (s.Suffix, s.Value)));
    }

    [Fact]
    public void Histogram_WithBucketAdvice_CumulativeBucketsSumAndCount()
    {
        var duration = _meter.CreateHistogram("iteration_seconds", "s", "Iterations.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.1] });

        // 0.001 is in the first bucket (le is inclusive), 0.5 only in +Inf.
        foreach (var value in new[] { 0.0005, 0.001, 0.002, 0.05, 0.5 })
        {
            duration.Record(value);
        }

        var family = Assert.Single(_collector.Collect());
        Assert.Equal(MetricType.Histogram, family.Type);
        Assert.Equal(
            [("_bucket", "0.001", 2.0), ("_bucket", "0.01", 3.0), ("_bucket", "0.1", 4.0), ("_bucket", "+Inf", 5.0), ("_sum", "", 0.5535), ("_count", "", 5.0)],
            family.Samples.Select(s => (s.Suffix, s.Labels.SingleOrDefault(l => l.Key == "le").Value ?? "", Math.Round(s.Value, 6))));
    }

    [Fact]
    public void Scrape_HistogramWithTags_LeLabelLastOnEveryBucket()
    {
        var sizes = _meter.CreateHistogram("size_bytes", "By", "Sizes.", tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = [100] });

        sizes.Record(50, new KeyValuePair<string, object?>("kind", "rtp"));
        sizes.Record(150, new KeyValuePair<string, object?>("kind", "rtp"));

        Assert.Equal(
            "# HELP size_bytes Sizes.\n# TYPE size_bytes histogram\n"
            + "size_bytes_bucket{kind=\"rtp\",le=\"100\"} 1\nsize_bytes_bucket{kind=\"rtp\",le=\"+Inf\"} 2\n"
            + "size_bytes_sum{kind=\"rtp\"} 200\nsize_bytes_count{kind=\"rtp\"} 2\n",
            _collector.Scrape());
    }

    [Fact]
    public void Meters_NameAndScope_OnlySelectedOnesCollected()
    {
        using var factory = new TestMeterFactory();
        using var otherFactory = new TestMeterFactory();
        using var scoped = new MetricsCollector([$"{_meterName}.*"], factory);
        using var child = new Meter($"{_meterName}.Child");
        var ours = factory.Create(new MeterOptions($"{_meterName}.Ours"));
        var theirs = otherFactory.Create(new MeterOptions($"{_meterName}.Theirs"));
        _meter.CreateObservableGauge("parent_not_matched", () => 1);
        child.CreateObservableGauge("unscoped", () => 2);
        ours.CreateObservableGauge("same_scope", () => 3);
        theirs.CreateObservableGauge("other_scope", () => 4);

        var names = scoped.Collect().Select(f => f.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["same_scope", "unscoped"], names);
    }

    [Fact]
    public void Instrument_MeterDisposed_FamilyGone()
    {
        using var collector = new MetricsCollector([$"{_meterName}.Short"]);
        var shortLived = new Meter($"{_meterName}.Short");
        shortLived.CreateCounter<long>("gone").Add(1);
        Assert.Single(collector.Collect());

        shortLived.Dispose();

        Assert.Empty(collector.Collect());
    }

    [Fact]
    public void Counter_AddedBeforeCollectorStarted_NotCounted()
    {
        var counter = _meter.CreateCounter<long>("late");
        counter.Add(5);
        using var late = new MetricsCollector([_meterName]);

        counter.Add(1);

        Assert.Equal(1, Assert.Single(Assert.Single(late.Collect(), f => f.Name == "late").Samples).Value);
    }

    [Fact]
    public void Scrape_CounterAndGauge_PrometheusText()
    {
        _meter.CreateCounter<long>("sent_packets", description: "Packets sent.").Add(3, new KeyValuePair<string, object?>("kind", "rtp"));
        _meter.CreateObservableGauge("up", () => 1, description: "Up.");

        Assert.Equal(
            "# HELP sent_packets_total Packets sent.\n# TYPE sent_packets_total counter\nsent_packets_total{kind=\"rtp\"} 3\n"
            + "# HELP up Up.\n# TYPE up gauge\nup 1\n",
            _collector.Scrape());
    }

    [Theory]
    [InlineData("ScaleMeet.*", "ScaleMeet.Bridge", true)]
    [InlineData("ScaleMeet.*", "ScaleMeet.Jitsi", true)]
    [InlineData("ScaleMeet.*", "ScaleMeetX", false)]
    [InlineData("ScaleMeet.*", "scalemeet.bridge", false)]
    [InlineData("ScaleMeet.Focus", "ScaleMeet.Focus", true)]
    [InlineData("ScaleMeet.Focus", "ScaleMeet.Focus2", false)]
    [InlineData("*", "Anything", true)]
    public void Matches_Patterns_ExactOrPrefix(string pattern, string meterName, bool expected)
    {
        Assert.Equal(expected, MetricsCollector.Matches([pattern], meterName));
    }
}
