using System.Globalization;
using System.Text;

namespace ScaleMeet.LoadTest.Reports;

/// <summary>
/// Draws a <see cref="ChartPanel"/> as an inline SVG line chart: y grid and tick labels with the unit, x ticks in
/// seconds, a legend when there are several series, one <c>&lt;polyline&gt;</c> per run of consecutive non-null
/// values (a null splits the line; a lone value also gets a dot), and optional hover bands whose
/// <c>&lt;title&gt;</c> lists every series' value at that second (shown by the browser, no script).
/// Stateless; safe from any thread.
/// </summary>
internal static class SvgLineChart
{
    private const double Width = 720, Height = 260, Left = 64, Right = 16, Bottom = 40, TopPlain = 14, LegendRow = 18;

    /// <summary>Hover bands are drawn up to this many samples (half an hour at one per second); beyond, the file would grow too much.</summary>
    private const int MaxHoverSamples = 1800;

    /// <summary>Appends the <c>&lt;svg&gt;</c> element for <paramref name="panel"/>, which must have data.</summary>
    public static void Write(StringBuilder sb, ChartPanel panel)
    {
        var legend = panel.Series.Count > 1 ? LayOutLegend(panel.Series) : new List<LegendItem>();
        double top = legend.Count == 0 ? TopPlain : TopPlain + 6 + legend.Max(item => item.Y);
        double plotW = Width - Left - Right, plotH = Height - top - Bottom;

        var values = panel.Series.SelectMany(s => s.Values).Select(ReportNumber.Finite).OfType<double>().ToList();
        var y = AxisScale.For(values.Min(), values.Max());
        var times = panel.Series.SelectMany(s => s.Times).ToList();
        var x = AxisScale.For(times.Count > 0 ? times.Min() : 0, times.Count > 0 ? times.Max() : 1);
        double X(double t) => Left + x.Fraction(t) * plotW;
        double Y(double v) => top + (1 - y.Fraction(v)) * plotH;

        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" data-panel=\"");
        sb.AppendEscaped(panel.Id).Append("\">");
        sb.Append("<title>").AppendEscaped(panel.Title).Append("</title>");

        if (panel.Window is { } w && w.End > w.Start)
        {
            double x0 = X(Math.Max(w.Start, x.Min)), x1 = X(Math.Min(w.End, x.Max));
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"window\" fill=\"#eef4ff\" x=\"{P(x0)}\" y=\"{P(top)}\" width=\"{P(x1 - x0)}\" height=\"{P(plotH)}\"><title>measurement window</title></rect>");
        }

        foreach (double tick in y.Ticks())
        {
            double py = Y(tick);
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{P(Left)}\" y1=\"{P(py)}\" x2=\"{P(Left + plotW)}\" y2=\"{P(py)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"ytick\" x=\"{P(Left - 6)}\" y=\"{P(py + 4)}\" text-anchor=\"end\">{y.Label(tick)}</text>");
        }
        foreach (double tick in x.Ticks())
        {
            double px = X(tick);
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{P(px)}\" y1=\"{P(top + plotH)}\" x2=\"{P(px)}\" y2=\"{P(top + plotH + 4)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"xtick\" x=\"{P(px)}\" y=\"{P(top + plotH + 16)}\" text-anchor=\"middle\">{x.Label(tick)}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{P(Left)}\" y1=\"{P(top)}\" x2=\"{P(Left)}\" y2=\"{P(top + plotH)}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{P(Left)}\" y1=\"{P(top + plotH)}\" x2=\"{P(Left + plotW)}\" y2=\"{P(top + plotH)}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"xlabel\" x=\"{P(Left + plotW / 2)}\" y=\"{P(Height - 6)}\" text-anchor=\"middle\">time (s)</text>");
        if (panel.Unit.Length > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"ylabel\" x=\"14\" y=\"{P(top + plotH / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {P(top + plotH / 2)})\">");
            sb.AppendEscaped(panel.Unit).Append("</text>");
        }

        foreach (var series in panel.Series)
            WriteSeries(sb, series, X, Y);
        foreach (var item in legend)
            WriteLegendItem(sb, item);
        WriteHover(sb, panel, X, top, plotH);
        sb.Append("</svg>");
    }

    private static void WriteSeries(StringBuilder sb, ChartSeries series, Func<double, double> X, Func<double, double> Y)
    {
        string dash = series.Dashed ? " stroke-dasharray=\"6 4\"" : "";
        int n = Math.Min(series.Times.Count, series.Values.Count);
        int i = 0;
        while (i < n)
        {
            if (ReportNumber.Finite(series.Values[i]) is null) { i++; continue; }
            int start = i;
            while (i < n && ReportNumber.Finite(series.Values[i]) is not null)
                i++;
            sb.Append("<polyline class=\"line\" data-series=\"").AppendEscaped(series.Label).Append("\" fill=\"none\" stroke=\"").Append(series.Color).Append('"').Append(dash).Append(" points=\"");
            for (int k = start; k < i; k++)
            {
                if (k > start) sb.Append(' ');
                sb.Append(P(X(series.Times[k]))).Append(',').Append(P(Y(series.Values[k]!.Value)));
            }
            sb.Append("\"/>");
            if (i - start == 1) // a lone sample between gaps would be invisible as a line
                sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"dot\" cx=\"{P(X(series.Times[start]))}\" cy=\"{P(Y(series.Values[start]!.Value))}\" r=\"2.5\" fill=\"{series.Color}\"/>");
        }
    }

    private sealed record LegendItem(ChartSeries Series, string Text, double X, double Y);

    /// <summary>Places the legend entries left to right above the plot, wrapping to a new row when the width is used up.</summary>
    private static List<LegendItem> LayOutLegend(IReadOnlyList<ChartSeries> series)
    {
        var items = new List<LegendItem>();
        double px = Left, py = 16;
        foreach (var s in series)
        {
            string text = s.HasData ? s.Label : s.Label + " (not measured)";
            double itemWidth = 23 + text.Length * 6.2 + 18;
            if (px > Left && px + itemWidth > Width - Right)
                (px, py) = (Left, py + LegendRow);
            items.Add(new LegendItem(s, text, px, py));
            px += itemWidth;
        }
        return items;
    }

    private static void WriteLegendItem(StringBuilder sb, LegendItem item)
    {
        string dash = item.Series.Dashed ? " stroke-dasharray=\"6 4\"" : "";
        sb.Append(CultureInfo.InvariantCulture, $"<g class=\"legend\"><line x1=\"{P(item.X)}\" y1=\"{P(item.Y - 4)}\" x2=\"{P(item.X + 18)}\" y2=\"{P(item.Y - 4)}\" stroke=\"{item.Series.Color}\" stroke-width=\"2.5\"{dash}/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{P(item.X + 23)}\" y=\"{P(item.Y)}\">").AppendEscaped(item.Text).Append("</text></g>");
    }

    private static void WriteHover(StringBuilder sb, ChartPanel panel, Func<double, double> X, double top, double plotH)
    {
        var times = panel.Series[0].Times;
        if (times.Count == 0 || times.Count > MaxHoverSamples || panel.Series.Any(s => !s.Times.SequenceEqual(times) || s.Values.Count != times.Count))
            return; // only when the series share their sample times (one run)
        string unit = panel.Unit.Length > 0 ? " " + panel.Unit : "";
        for (int i = 0; i < times.Count; i++)
        {
            double x0 = i == 0 ? X(times[0]) : (X(times[i - 1]) + X(times[i])) / 2;
            double x1 = i == times.Count - 1 ? X(times[i]) : (X(times[i]) + X(times[i + 1])) / 2;
            if (x1 - x0 < 0.5)
                x1 = x0 + 0.5;
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"hover\" fill=\"#000\" fill-opacity=\"0\" x=\"{P(x0)}\" y=\"{P(top)}\" width=\"{P(x1 - x0)}\" height=\"{P(plotH)}\"><title>t = {ReportNumber.Seconds(times[i])} s");
            foreach (var s in panel.Series)
            {
                sb.Append(panel.Series.Count > 1 ? "\n" : ": ");
                if (panel.Series.Count > 1)
                    sb.AppendEscaped(s.Label).Append(": ");
                sb.Append(ReportNumber.Auto(s.Values[i])).Append(ReportNumber.Finite(s.Values[i]) is null ? "" : unit);
            }
            sb.Append("</title></rect>");
        }
    }

    /// <summary>A coordinate with one decimal, invariant culture.</summary>
    private static string P(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
