namespace ScaleMeet.LoadTest.Reports;

/// <summary>One line of a chart: a value (or null, a gap) per sample time in seconds. Immutable.</summary>
/// <param name="Label">Legend text (escaped when written).</param>
/// <param name="Times">Sample times, seconds since the first join, ascending.</param>
/// <param name="Values">One per time; null or non-finite means not measured at that second and leaves a gap.</param>
/// <param name="Color">A CSS colour literal chosen by the report (never user text).</param>
/// <param name="Dashed">Drawn dashed (the second run of a comparison).</param>
internal sealed record ChartSeries(string Label, IReadOnlyList<double> Times, IReadOnlyList<double?> Values, string Color, bool Dashed = false)
{
    /// <summary>True when at least one value is a finite number.</summary>
    public bool HasData => Values.Any(v => ReportNumber.Finite(v) is not null);
}

/// <summary>
/// A time-series panel: a title, the unit of the y axis and one or more series sharing it. Immutable.
/// </summary>
/// <param name="Id">A stable, markup-safe identifier (used for the element id and by tests).</param>
/// <param name="Title">Panel title, e.g. "Server CPU".</param>
/// <param name="Unit">Unit of the values, e.g. "cores"; empty for a plain ratio.</param>
/// <param name="Series">The lines; the legend is drawn when there are two or more.</param>
/// <param name="Window">The measurement window (start, end) in seconds to shade, if known.</param>
internal sealed record ChartPanel(string Id, string Title, string Unit, IReadOnlyList<ChartSeries> Series, (double Start, double End)? Window = null)
{
    /// <summary>False when every series is all null: the report prints "not measured" instead of a chart.</summary>
    public bool HasData => Series.Any(s => s.HasData);
}
