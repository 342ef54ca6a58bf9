using System.Diagnostics.Metrics;
using System.Globalization;

namespace ScaleMeet.Server.Metrics;

/// <summary>
/// The values of one instrument, one series per distinct tag set, as <see cref="MetricsCollector"/> exposes them:
/// <list type="bullet">
/// <item><c>Counter&lt;T&gt;</c> (counter) and <c>UpDownCounter&lt;T&gt;</c> (gauge) add up every measurement;</item>
/// <item><c>ObservableCounter&lt;T&gt;</c> (counter; the callback reports the cumulative value),
/// <c>ObservableUpDownCounter&lt;T&gt;</c>, <c>ObservableGauge&lt;T&gt;</c> and <c>Gauge&lt;T&gt;</c> (gauges) keep the
/// last value. A series an observable callback no longer reports disappears at that scrape;</item>
/// <item><c>Histogram&lt;T&gt;</c> keeps the sum and the count of its measurements, exposed as a summary with
/// <c>_sum</c> and <c>_count</c> only (no quantiles or buckets); one created with
/// <see cref="InstrumentAdvice{T}.HistogramBucketBoundaries"/> (of double, long or int) is exposed as a histogram:
/// a measurement counts in the first bucket whose upper bound it does not exceed, written cumulatively with
/// <c>le</c> labels.</item>
/// </list>
/// Threading: measurements arrive on any thread and are serialized by one lock per instrument. Tags are matched
/// without allocating when their values are strings (or boxed values that compare with <see cref="object.Equals(object?)"/>),
/// with a linear search: meant for low-cardinality tags. Past <see cref="MaxSeries"/> series, new tag sets are dropped.
/// </summary>
internal sealed class InstrumentAggregate
{
    /// <summary>The most series one instrument may hold; measurements with a new tag set past it are dropped.</summary>
    public const int MaxSeries = 1000;

    private readonly List<Series> _series = [];
    private readonly Aggregation _aggregation;

    private readonly double[] _bounds;
    private readonly string[] _boundLabels;

    private InstrumentAggregate(Instrument instrument, MetricType type, Aggregation aggregation, IReadOnlyList<double>? bounds = null)
    {
        Instrument = instrument;
        Type = type;
        _aggregation = aggregation;
        _bounds = bounds is null ? [] : [.. bounds];
        _boundLabels = [.. _bounds.Select(PrometheusTextWriter.FormatValue), "+Inf"];
    }

    private enum Aggregation
    {
        Sum,
        LastValue,
        SumAndCount,
        Buckets,
    }

    public Instrument Instrument { get; }

    public MetricType Type { get; }

    /// <summary>The aggregate for <paramref name="instrument"/>, or null for an instrument kind this server does not expose.</summary>
    public static InstrumentAggregate? Create(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var kind = type.GetGenericTypeDefinition();
        return kind == typeof(Counter<>) ? new(instrument, MetricType.Counter, Aggregation.Sum)
            : kind == typeof(UpDownCounter<>) ? new(instrument, MetricType.Gauge, Aggregation.Sum)
            : kind == typeof(ObservableCounter<>) ? new(instrument, MetricType.Counter, Aggregation.LastValue)
            : kind == typeof(ObservableUpDownCounter<>) || kind == typeof(ObservableGauge<>) || kind == typeof(Gauge<>)
                ? new(instrument, MetricType.Gauge, Aggregation.LastValue)
            : kind == typeof(Histogram<>) && BucketBoundaries(instrument) is { } bounds ? new(instrument, MetricType.Histogram, Aggregation.Buckets, bounds)
            : kind == typeof(Histogram<>) ? new(instrument, MetricType.Summary, Aggregation.SumAndCount)
            : null;
    }

    /// <summary>The bucket upper bounds a histogram was created with (ascending, as the advice requires), or null.</summary>
    private static IReadOnlyList<double>? BucketBoundaries(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(v => (double)v)],
        Histogram<int> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(v => (double)v)],
        _ => null,
    };

    /// <summary>Adds one measurement; <paramref name="scrape"/> is the number of the scrape observing it (observable instruments).</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, long scrape)
    {
        lock (_series)
        {
            var series = Find(tags);
            if (series is null)
            {
                if (_series.Count >= MaxSeries)
                {
                    return;
                }

                series = new Series(tags, _aggregation == Aggregation.Buckets ? _bounds.Length + 1 : 0);
                var at = _series.BinarySearch(series, SeriesOrder.Instance);
                _series.Insert(at < 0 ? ~at : at, series);
            }

            series.Scrape = scrape;
            switch (_aggregation)
            {
                case Aggregation.Sum:
                    series.Value += value;
                    break;
                case Aggregation.LastValue:
                    series.Value = value;
                    break;
                case Aggregation.Buckets:
                    series.Value += value;
                    series.Count++;
                    series.Buckets[BucketOf(value)]++;
                    break;
                default:
                    series.Value += value;
                    series.Count++;
                    break;
            }
        }
    }

    /// <summary>
    /// The family as of scrape number <paramref name="scrape"/>; for an observable instrument, series not observed
    /// in that scrape are dropped (their source went away).
    /// </summary>
    public MetricFamily Snapshot(long scrape)
    {
        var samples = new List<MetricSample>();
        lock (_series)
        {
            if (Instrument.IsObservable)
            {
                _series.RemoveAll(s => s.Scrape != scrape);
            }

            foreach (var series in _series)
            {
                if (_aggregation == Aggregation.Buckets)
                {
                    long cumulative = 0;
                    for (var i = 0; i < series.Buckets.Length; i++)
                    {
                        cumulative += series.Buckets[i];
                        samples.Add(new MetricSample([.. series.Labels, new("le", _boundLabels[i])], cumulative, "_bucket"));
                    }

                    samples.Add(new MetricSample(series.Labels, series.Value, "_sum"));
                    samples.Add(new MetricSample(series.Labels, series.Count, "_count"));
                }
                else if (_aggregation == Aggregation.SumAndCount)
                {
                    samples.Add(new MetricSample(series.Labels, series.Value, "_sum"));
                    samples.Add(new MetricSample(series.Labels, series.Count, "_count"));
                }
                else
                {
                    samples.Add(new MetricSample(series.Labels, series.Value));
                }
            }
        }

        var help = string.IsNullOrWhiteSpace(Instrument.Description) ? Instrument.Name : Instrument.Description;
        return new MetricFamily(Instrument.Name, Type, help, samples);
    }

    /// <summary>The bucket of <paramref name="value"/>: the first whose upper bound is ≥ it; the last (+Inf) when none is (or NaN).</summary>
    private int BucketOf(double value)
    {
        var i = 0;
        while (i < _bounds.Length && !(value <= _bounds[i]))
        {
            i++;
        }

        return i;
    }

    private Series? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in _series)
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }

        return null;
    }

    /// <summary>One tag set's value. Guarded by the aggregate's lock.</summary>
    private sealed class Series
    {
        private readonly KeyValuePair<string, object?>[] _tags;

        public Series(ReadOnlySpan<KeyValuePair<string, object?>> tags, int bucketCount)
        {
            _tags = tags.ToArray();
            Buckets = new long[bucketCount];
            var labels = new KeyValuePair<string, string>[_tags.Length];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = new(_tags[i].Key, Format(_tags[i].Value));
            }

            Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            Labels = labels;
        }

        /// <summary>The tags as labels, sorted by name.</summary>
        public KeyValuePair<string, string>[] Labels { get; }

        public double Value { get; set; }

        public long Count { get; set; }

        /// <summary>Measurements per bucket (not cumulative), for a histogram; empty otherwise.</summary>
        public long[] Buckets { get; }

        /// <summary>The scrape that last observed this series.</summary>
        public long Scrape { get; set; }

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length != _tags.Length)
            {
                return false;
            }

            foreach (var (key, value) in tags)
            {
                if (!Contains(key, value))
                {
                    return false;
                }
            }

            return true;
        }

        private bool Contains(string key, object? value)
        {
            foreach (var tag in _tags)
            {
                if (string.Equals(tag.Key, key, StringComparison.Ordinal))
                {
                    return Equals(tag.Value, value);
                }
            }

            return false;
        }

        private static string Format(object? value) => value switch
        {
            null => "",
            string s => s,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    /// <summary>Series in label order (names, then values, ordinal), so the output is stable.</summary>
    private sealed class SeriesOrder : IComparer<Series>
    {
        public static readonly SeriesOrder Instance = new();

        public int Compare(Series? x, Series? y)
        {
            var a = x!.Labels;
            var b = y!.Labels;
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = string.CompareOrdinal(a[i].Key, b[i].Key);
                c = c != 0 ? c : string.CompareOrdinal(a[i].Value, b[i].Value);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
