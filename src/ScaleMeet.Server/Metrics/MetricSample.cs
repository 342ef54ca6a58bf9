namespace ScaleMeet.Server.Metrics;

/// <summary>
/// One sample of a <see cref="MetricFamily"/>: the series' labels (in writing order) and its value. A summary's
/// samples carry a <paramref name="Suffix"/> (<c>_sum</c>, <c>_count</c>) appended to the family name; other
/// types leave it empty. A suffix is written as is: it must consist of name characters.
/// </summary>
internal readonly record struct MetricSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, string Suffix = "")
{
    /// <summary>A sample without labels.</summary>
    public MetricSample(double value)
        : this([], value)
    {
    }
}
