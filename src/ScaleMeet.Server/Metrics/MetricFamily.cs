namespace ScaleMeet.Server.Metrics;

/// <summary>
/// A metric and its samples, as gathered from one instrument. <paramref name="Name"/> is the instrument's name;
/// <see cref="PrometheusTextWriter"/> makes it a valid Prometheus name (and adds <c>_total</c> to counters).
/// </summary>
internal sealed record MetricFamily(string Name, MetricType Type, string Help, IReadOnlyList<MetricSample> Samples);
