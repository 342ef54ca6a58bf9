using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Reports;

/// <summary>
/// The time-series panels of the report, after the capacity study's Grafana dashboard: server CPU, RAM, stress,
/// bitrate up/down, RTT, loss and participants. For one run, or the same panels overlaying several runs (a
/// comparison: one colour per run, later runs dashed). Stateless.
/// </summary>
internal static class ReportPanels
{
    /// <summary>Line colours: one per series of a single run, one per run in a comparison.</summary>
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"];

    /// <summary>A panel: identifier, title, unit and its lines (legend label and the value of a sample).</summary>
    private sealed record Definition(string Id, string Title, string Unit, (string Label, Func<ServerSample, double?> Value)[] Lines);

    private static readonly Definition[] Definitions =
    [
        new("cpu", "Server CPU", "cores", [("server CPU", s => s.CpuCores)]),
        new("ram", "Server RAM (resident)", "MB", [("server RSS", s => s.RssMb)]),
        new("stress", "Stress", "", [("stress", s => s.Stress)]),
        new("bitrate", "Bitrate", "kbit/s", [("up (server sent)", s => s.BitrateUpKbps), ("down (server received)", s => s.BitrateDownKbps)]),
        new("rtt", "Round-trip time", "ms", [("RTT", s => s.RttMs)]),
        new("loss", "Packet loss", "%", [("loss", s => s.LossPct)]),
        new("participants", "Participants", "participants", [("connected (synthetic)", s => s.Connected), ("server-reported", s => s.ServerParticipants)]),
    ];

    /// <summary>The panels of one run; the measurement window (the last <see cref="LoadResults.Duration"/> seconds) is shaded.</summary>
    public static IReadOnlyList<ChartPanel> For(LoadResults run)
    {
        var times = run.Server.Select(s => s.T).ToArray();
        var window = MeasurementWindow(run);
        return Definitions.Select(d => new ChartPanel(d.Id, d.Title, d.Unit,
            d.Lines.Select((line, i) => new ChartSeries(line.Label, times, run.Server.Select(line.Value).ToArray(), Palette[i % Palette.Length])).ToArray(),
            window)).ToArray();
    }

    /// <summary>A bridge panel: identifier, title, unit and the value of a bridge's sample.</summary>
    private sealed record BridgeDefinition(string Id, string Title, string Unit, Func<BridgeSample, double?> Value);

    private static readonly BridgeDefinition[] BridgeDefinitions =
    [
        new("bridge-cpu", "CPU per bridge", "cores", s => s.CpuCores),
        new("bridge-ram", "RAM per bridge (resident)", "MB", s => s.RssMb),
        new("bridge-stress", "Stress per bridge", "", s => s.Stress),
        new("bridge-participants", "Participants per bridge", "participants", s => s.Participants),
    ];

    /// <summary>The pool's panels of one run: one line per bridge; none when the run saw no bridges.</summary>
    public static IReadOnlyList<ChartPanel> ForBridges(LoadResults run)
    {
        if (run.Bridges.Count == 0)
            return [];
        var window = MeasurementWindow(run);
        return BridgeDefinitions.Select(d => new ChartPanel(d.Id, d.Title, d.Unit,
            run.Bridges.Select((bridge, i) => new ChartSeries(bridge.Id, bridge.Samples.Select(s => s.T).ToArray(),
                bridge.Samples.Select(d.Value).ToArray(), Palette[i % Palette.Length], Dashed: i >= Palette.Length)).ToArray(),
            window)).ToArray();
    }

    /// <summary>The same panels with every run overlaid; series are labelled with the run's <see cref="RunLabel"/>.</summary>
    public static IReadOnlyList<ChartPanel> ForComparison(IReadOnlyList<LoadResults> runs)
    {
        var labels = RunLabels(runs);
        return Definitions.Select(d => new ChartPanel(d.Id, d.Title, d.Unit,
            runs.SelectMany((run, r) => d.Lines.Select((line, i) => new ChartSeries(
                d.Lines.Length > 1 ? $"{labels[r]} {line.Label}" : labels[r],
                run.Server.Select(s => s.T).ToArray(),
                run.Server.Select(line.Value).ToArray(),
                // The colour tells the run, the dash tells the line within the run (bitrate down, server-reported).
                Palette[r % Palette.Length],
                Dashed: i > 0))).ToArray())).ToArray();
    }

    /// <summary>
    /// How each run is named in a comparison: its system, with the scenario when the runs differ in it, and a number
    /// when that is still ambiguous.
    /// </summary>
    public static string[] RunLabels(IReadOnlyList<LoadResults> runs)
    {
        bool scenarios = runs.Select(r => r.Scenario).Distinct().Count() > 1;
        var labels = runs.Select(r => scenarios ? $"{r.System} {r.Scenario}" : r.System).ToArray();
        if (labels.Distinct().Count() < labels.Length)
            labels = labels.Select((l, i) => $"{l} #{i + 1}").ToArray();
        return labels;
    }

    /// <summary>[end − Duration, end] of the samples, or null when it cannot be told.</summary>
    private static (double, double)? MeasurementWindow(LoadResults run)
    {
        if (run.Server.Count == 0 || !(run.Duration > 0))
            return null;
        double end = run.Server[^1].T;
        return (Math.Max(run.Server[0].T, end - run.Duration), end);
    }
}
