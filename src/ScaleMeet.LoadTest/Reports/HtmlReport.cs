using System.Text;
using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Reports;

/// <summary>
/// The <c>--report</c> file: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched) with the
/// run's facts, a summary table, the capacity study's time-series panels and a table of participants. Every text
/// that comes from the run (names, rooms, target, errors) is escaped; numbers are invariant culture. The markup is
/// also well-formed XML. Stateless; safe from any thread.
/// </summary>
public static class HtmlReport
{
    /// <summary>The report of one run.</summary>
    public static string Render(LoadResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var sb = new StringBuilder(64 * 1024);
        string title = $"scalemeet-load {results.Scenario}: {results.System}";
        Open(sb, title);
        if (results.Interrupted)
            sb.Append("<p class=\"warning\">Interrupted: the run was stopped early; these are the figures measured until then.</p>");
        HtmlTables.WriteRunFacts(sb, results);
        sb.Append("</header><section id=\"summary\"><h2>Summary of the measurement window</h2>");
        HtmlTables.WriteSummary(sb, [results], [results.System]);
        sb.Append("</section>");
        WritePanels(sb, ReportPanels.For(results), "Shaded: the measurement window (after the last participant joined). Hover a chart for the values of a second.");
        if (results.Bridges.Count > 0)
        {
            sb.Append("<section id=\"bridges\"><h2>Bridges</h2><p class=\"note\">Where the focus placed the participants (by the media address each one's transports connected to, at the end of the run), and each bridge over time.</p>");
            HtmlTables.WritePlacement(sb, results.Bridges);
            sb.Append("</section>");
            WritePanels(sb, ReportPanels.ForBridges(results), "One line per bridge; CPU and RAM from each bridge's own /stats (not measured for an embedded bridge).", "bridge-panels");
        }
        sb.Append("<section id=\"participants\"><h2>Participants</h2>");
        HtmlTables.WriteParticipants(sb, results.Participants);
        sb.Append("</section>");
        Close(sb);
        return sb.ToString();
    }

    /// <summary>
    /// Several runs of the same scenario (typically ScaleMeet and Janus) overlaid in the same panels: one colour per
    /// run, the summary side by side, each run's participants in a collapsible table.
    /// </summary>
    /// <exception cref="ArgumentException">No runs.</exception>
    public static string RenderComparison(IReadOnlyList<LoadResults> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
            throw new ArgumentException("A comparison needs at least one run.", nameof(runs));
        var labels = ReportPanels.RunLabels(runs);
        var sb = new StringBuilder(64 * 1024);
        var scenarios = runs.Select(r => r.Scenario).Distinct().ToArray();
        Open(sb, $"scalemeet-load {string.Join(", ", scenarios)}: {string.Join(" vs ", labels)}");
        if (scenarios.Length > 1)
            sb.Append("<p class=\"warning\">The runs are of different scenarios; their figures are not comparable one to one.</p>");
        if (runs.Any(r => r.Interrupted))
            sb.Append("<p class=\"warning\">At least one run was interrupted and holds partial results.</p>");
        for (int i = 0; i < runs.Count; i++)
        {
            sb.Append("<h3>").AppendEscaped(labels[i]).Append("</h3>");
            HtmlTables.WriteRunFacts(sb, runs[i]);
        }
        sb.Append("</header><section id=\"summary\"><h2>Summary of the measurement windows</h2>");
        HtmlTables.WriteSummary(sb, runs, labels);
        sb.Append("</section>");
        WritePanels(sb, ReportPanels.ForComparison(runs), "One colour per run; t = 0 at each run's first join. Dashed: the second line of a run (bitrate down, server-reported participants).");
        sb.Append("<section id=\"participants\"><h2>Participants</h2>");
        for (int i = 0; i < runs.Count; i++)
        {
            sb.Append("<details><summary>").AppendEscaped(labels[i]).Append(": ")
                .AppendEscaped(HtmlTables.OutOf(runs[i].Summary.ParticipantsConnected, runs[i].Summary.ParticipantsTotal)).Append(" connected</summary>");
            HtmlTables.WriteParticipants(sb, runs[i].Participants);
            sb.Append("</details>");
        }
        sb.Append("</section>");
        Close(sb);
        return sb.ToString();
    }

    private static void WritePanels(StringBuilder sb, IReadOnlyList<ChartPanel> panels, string note, string id = "panels")
    {
        sb.Append("<section id=\"").Append(id).Append("\"><h2>").Append(id == "panels" ? "Over time" : "Bridges over time").Append("</h2><p class=\"note\">")
            .AppendEscaped(note).Append("</p><div class=\"panels\">");
        foreach (var panel in panels)
        {
            sb.Append("<figure class=\"panel\" id=\"panel-").AppendEscaped(panel.Id).Append("\"><figcaption><span class=\"title\">").AppendEscaped(panel.Title).Append("</span>");
            if (panel.Unit.Length > 0 && !panel.Unit.Equals(panel.Title, StringComparison.OrdinalIgnoreCase))
                sb.Append(" <span class=\"unit\">(").AppendEscaped(panel.Unit).Append(")</span>");
            var peaks = panel.Series.Where(s => s.HasData)
                .Select(s => (panel.Series.Count > 1 ? s.Label + " " : "") + ReportNumber.Auto(s.Values.Max(v => ReportNumber.Finite(v)))).ToArray();
            if (peaks.Length > 0)
                sb.Append(" <span class=\"peak\">max ").AppendEscaped(string.Join(" · ", peaks)).Append("</span>");
            sb.Append("</figcaption>");
            if (panel.HasData)
                SvgLineChart.Write(sb, panel);
            else
                sb.Append("<p class=\"not-measured\">not measured</p>");
            sb.Append("</figure>");
        }
        sb.Append("</div></section>");
    }

    private static void Open(StringBuilder sb, string title)
    {
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>").AppendEscaped(title).Append("</title>")
            .Append("<style>").Append(Css).Append("</style></head><body><header><h1>").AppendEscaped(title).Append("</h1>");
    }

    private static void Close(StringBuilder sb) =>
        sb.Append("<footer>Generated by scalemeet-load. Times in seconds since the first join; rates in kbit/s; memory in MB (2^20 bytes); CPU in cores.</footer></body></html>\n");

    /// <summary>The page style: system fonts only, two panels per row on wide screens. Contains no '&lt;' or '&amp;'.</summary>
    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem auto;max-width:1500px;padding:0 1rem;color:#222;background:#fff}
        h1{font-size:1.4rem;margin:0 0 .6rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .3rem}
        .facts{display:flex;flex-wrap:wrap;gap:.4rem 1.6rem;margin:0}.facts div{min-width:9rem}.facts dt{font-size:.75rem;color:#666}.facts dd{margin:0;font-weight:600;overflow-wrap:anywhere}
        .warning{background:#fff3cd;border:1px solid #e0c36c;padding:.5rem .8rem;border-radius:4px}
        table{border-collapse:collapse;font-size:.85rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
        thead th{background:#f4f4f4;position:sticky;top:0}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        tr.failed td{background:#fdecea}.participants td:last-child{min-width:12rem;max-width:28rem;overflow-wrap:anywhere}
        .panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:1rem}
        .panel{margin:0;border:1px solid #ddd;border-radius:6px;padding:.5rem}.panel figcaption{font-weight:600;margin-bottom:.3rem}
        .unit{font-weight:400;color:#555}.peak{font-weight:400;color:#777;font-size:.8rem;margin-left:.5rem}
        .note{color:#666;font-size:.85rem}.not-measured{color:#888;font-style:italic;padding:2rem 0;text-align:center;margin:0}
        svg.chart{width:100%;height:auto;display:block;font-size:11px}svg.chart text{fill:#444}
        .grid{stroke:#e6e6e6;stroke-width:1}.axis{stroke:#888;stroke-width:1}.line{stroke-width:1.8;stroke-linejoin:round}
        .hover:hover{fill-opacity:.07}footer{margin-top:2rem;color:#888;font-size:.8rem}details{margin:.5rem 0}summary{cursor:pointer}
        """;
}
