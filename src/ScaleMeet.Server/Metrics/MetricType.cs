namespace ScaleMeet.Server.Metrics;

/// <summary>The Prometheus metric types this server exposes (text format 0.0.4 <c># TYPE</c> values).</summary>
internal enum MetricType
{
    /// <summary>A value that can go up and down; written as is.</summary>
    Gauge,

    /// <summary>A cumulative count that only grows (resets on restart); its name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>A distribution written as <c>_sum</c> and <c>_count</c> samples only (no quantiles).</summary>
    Summary,

    /// <summary>A distribution written as cumulative <c>_bucket{le="…"}</c> samples (the last <c>le="+Inf"</c>), <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,
}
