using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ScaleMeet.Server.Metrics;

/// <summary>
/// Gathers <see cref="System.Diagnostics.Metrics"/> instruments for <c>/metrics</c>. A <see cref="MeterListener"/>
/// enables every instrument of the selected meters as it is published (before or after this collector starts) and
/// aggregates its measurements (<see cref="InstrumentAggregate"/> says how, per instrument kind). Each
/// <see cref="Collect"/> asks the observable instruments for their values, then returns one family per instrument.
/// Selection: a meter is selected when its name matches one of the patterns (an exact name, or a prefix ending in
/// <c>*</c>: <c>ScaleMeet.*</c>) and, when a scope is given, its <see cref="Meter.Scope"/> is null or that scope:
/// meters from another host's <see cref="IMeterFactory"/> in the same process are left out.
/// Threading: measurements may come from any thread; scrapes may run concurrently and are serialized.
/// Counters only count what happens after the collector starts, so start it before the work it measures.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    /// <summary>Every ScaleMeet meter: Focus, Process, and the bridge's Bridge and Jitsi meters.</summary>
    public static readonly IReadOnlyList<string> DefaultMeterNames = ["ScaleMeet.*"];

    private readonly string[] _patterns;
    private readonly object? _scope;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregate> _aggregates = new();
    private readonly Lock _scrapeLock = new();
    private long _scrape;

    /// <summary>Starts listening to the meters selected by <paramref name="meterNames"/> and <paramref name="scope"/>.</summary>
    public MetricsCollector(IEnumerable<string> meterNames, object? scope = null)
    {
        _patterns = [.. meterNames];
        _scope = scope;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, _) => _aggregates.TryRemove(instrument, out InstrumentAggregate? _),
        };
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => Record(state, (double)value, tags));
        _listener.Start();
    }

    /// <summary>True when <paramref name="meterName"/> matches one of <paramref name="patterns"/> (exact, or prefix before a trailing <c>*</c>).</summary>
    public static bool Matches(IEnumerable<string> patterns, string meterName)
    {
        foreach (var pattern in patterns)
        {
            var matched = pattern.EndsWith('*')
                ? meterName.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
                : string.Equals(pattern, meterName, StringComparison.Ordinal);
            if (matched)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the observable instruments and returns every selected instrument's current family.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_scrapeLock)
        {
            var scrape = Interlocked.Increment(ref _scrape);
            _listener.RecordObservableInstruments();
            var families = new List<MetricFamily>(_aggregates.Count);
            foreach (var aggregate in _aggregates.Values)
            {
                families.Add(aggregate.Snapshot(scrape));
            }

            return families;
        }
    }

    /// <summary>One scrape in the Prometheus text format.</summary>
    public string Scrape() => PrometheusTextWriter.Write(Collect());

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!Matches(_patterns, meter.Name) || (_scope is not null && meter.Scope is not null && !ReferenceEquals(meter.Scope, _scope)))
        {
            return;
        }

        if (InstrumentAggregate.Create(instrument) is { } aggregate && _aggregates.TryAdd(instrument, aggregate))
        {
            listener.EnableMeasurementEvents(instrument, aggregate);
        }
    }

    private void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        ((InstrumentAggregate)state!).Record(value, tags, Interlocked.Read(ref _scrape));
}
