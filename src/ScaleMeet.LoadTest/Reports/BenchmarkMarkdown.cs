using System.Globalization;
using System.Text;
using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Reports;

/// <summary>
/// The side-by-side section of <c>docs/benchmarks.md</c>: ScaleMeet and Janus run by run (S1..S4), with the ratios
/// ScaleMeet ÷ Janus and whether the goal holds: ScaleMeet uses at most half of Janus's CPU per forwarded Mbit in
/// every scenario. A missing figure prints as "—". Stateless; safe from any thread.
/// </summary>
public static class BenchmarkMarkdown
{
    /// <summary>The goal: ScaleMeet's CPU per forwarded Mbit ÷ Janus's is at most this, in every scenario.</summary>
    public const double GoalRatio = 0.5;

    /// <summary>The goal as the section states it.</summary>
    public const string GoalText = "ScaleMeet uses at most half of Janus's CPU per forwarded Mbit in every scenario";

    /// <summary>
    /// One table row per pair (in the given order), the goal per scenario and overall, and the load generator's own
    /// cost per run. <paramref name="command"/> and <paramref name="machine"/> are printed above the table.
    /// </summary>
    /// <exception cref="ArgumentException">A pair's two runs are of different scenarios.</exception>
    public static string Render(IReadOnlyList<(LoadResults ScaleMeet, LoadResults Janus)> pairs, string command, string machine)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        foreach (var (sm, janus) in pairs)
        {
            ArgumentNullException.ThrowIfNull(sm);
            ArgumentNullException.ThrowIfNull(janus);
            if (sm.Scenario != janus.Scenario)
                throw new ArgumentException($"A pair mixes scenarios {sm.Scenario} and {janus.Scenario}.", nameof(pairs));
        }

        var sb = new StringBuilder();
        sb.Append("## ScaleMeet vs Janus\n\n");
        sb.Append("Command: ").Append(CodeSpan(command)).Append("  \n");
        sb.Append("Machine: ").Append(Text(machine)).Append("  \n");
        if (pairs.Count > 0)
        {
            var first = pairs.SelectMany(p => new[] { p.ScaleMeet.StartedAt, p.Janus.StartedAt }).Min();
            sb.Append("Runs started: ").Append(first.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)).Append("  \n");
        }
        sb.Append("\nEach cell: ScaleMeet / Janus. CPU is the server process's, in cores; CPU per Mbit is ms of server CPU per Mbit of media in + out; ")
            .Append("RSS in MB; loss, RTT and time to first frame as the synthetic participants measured them.\n\n");

        WriteComparisonTable(sb, pairs);
        sb.Append('\n');
        WriteGoal(sb, pairs);
        sb.Append("\n### Load generator cost\n\n");
        WriteGeneratorTable(sb, pairs);
        return sb.ToString();
    }

    /// <summary>ScaleMeet ÷ Janus, or null when either is missing or Janus's is not positive.</summary>
    internal static double? Ratio(double? scaleMeet, double? janus) =>
        ReportNumber.Finite(scaleMeet) is { } s && ReportNumber.Finite(janus) is { } j && j > 0 ? s / j : null;

    /// <summary>"0.50×", or "—".</summary>
    internal static string RatioText(double? ratio) => ratio is { } r ? ReportNumber.Fixed(r, 2) + "×" : ReportNumber.Missing;

    private static void WriteComparisonTable(StringBuilder sb, IReadOnlyList<(LoadResults ScaleMeet, LoadResults Janus)> pairs)
    {
        sb.Append("| Scenario | Server CPU (cores) | CPU per Mbit (ms/Mbit) | CPU per Mbit, ScaleMeet ÷ Janus | Peak RSS (MB) | End RSS (MB) ")
            .Append("| Peak RSS, ScaleMeet ÷ Janus | Loss (%) | RTT (ms) | First frame (ms) | Forwarded (Mbit/s) | Connected |\n");
        sb.Append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        foreach (var (sm, janus) in pairs)
        {
            RunSummary a = sm.Summary, b = janus.Summary;
            sb.Append("| ").Append(Cell(sm.Scenario))
                .Append(" | ").Append(Both(a.ServerCpuCores, b.ServerCpuCores, 3))
                .Append(" | ").Append(Both(MsPerMbit(a), MsPerMbit(b), 2))
                .Append(" | ").Append(RatioText(Ratio(a.CpuSecondsPerMbit, b.CpuSecondsPerMbit)))
                .Append(" | ").Append(Both(a.ServerPeakRssMb, b.ServerPeakRssMb, 1))
                .Append(" | ").Append(Both(a.ServerEndRssMb, b.ServerEndRssMb, 1))
                .Append(" | ").Append(RatioText(Ratio(a.ServerPeakRssMb, b.ServerPeakRssMb)))
                .Append(" | ").Append(Both(a.LossPct, b.LossPct, 2))
                .Append(" | ").Append(Both(a.RttMs, b.RttMs, 1))
                .Append(" | ").Append(Both(a.FirstFrameMs, b.FirstFrameMs, 0))
                .Append(" | ").Append(Both(a.ForwardedMbps, b.ForwardedMbps, 2))
                .Append(" | ").Append(Connected(a)).Append(" / ").Append(Connected(b))
                .Append(" |\n");
        }
    }

    private static void WriteGoal(StringBuilder sb, IReadOnlyList<(LoadResults ScaleMeet, LoadResults Janus)> pairs)
    {
        var verdicts = pairs.Select(p => (p.ScaleMeet.Scenario, Ratio: Ratio(p.ScaleMeet.Summary.CpuSecondsPerMbit, p.Janus.Summary.CpuSecondsPerMbit))).ToArray();
        var failed = verdicts.Where(v => v.Ratio > GoalRatio + 1e-9).Select(v => Text(v.Scenario)).ToArray();
        var unknown = verdicts.Where(v => v.Ratio is null).Select(v => Text(v.Scenario)).ToArray();
        string overall = failed.Length > 0 ? $"**does not hold** (fails in {string.Join(", ", failed)})"
            : verdicts.Length == 0 ? "**cannot be told** (no runs)"
            : unknown.Length > 0 ? $"**cannot be told** (not measured in {string.Join(", ", unknown)})"
            : "**holds**";
        sb.Append("Goal, ").Append(GoalText).Append(": ").Append(overall).Append(".\n\n");
        foreach (var (scenario, ratio) in verdicts)
        {
            string verdict = ratio is null ? "not measured" : ratio <= GoalRatio + 1e-9 ? "holds" : "does not hold";
            sb.Append("- ").Append(Text(scenario)).Append(": ").Append(RatioText(ratio)).Append(", ").Append(verdict).Append('\n');
        }
    }

    private static void WriteGeneratorTable(StringBuilder sb, IReadOnlyList<(LoadResults ScaleMeet, LoadResults Janus)> pairs)
    {
        sb.Append("| Scenario | System | Participants | Load generator CPU (cores) | Per participant (milli-cores) | Peak RSS (MB) |\n");
        sb.Append("|---|---|--:|--:|--:|--:|\n");
        foreach (var run in pairs.SelectMany(p => new[] { p.ScaleMeet, p.Janus }))
        {
            sb.Append("| ").Append(Cell(run.Scenario))
                .Append(" | ").Append(Cell(run.System))
                .Append(" | ").Append(ReportNumber.Int(run.Summary.ParticipantsTotal))
                .Append(" | ").Append(ReportNumber.Fixed(run.Generator.CpuCores, 3))
                .Append(" | ").Append(ReportNumber.Fixed(run.Generator.MilliCoresPerParticipant, 1))
                .Append(" | ").Append(ReportNumber.Fixed(run.Generator.PeakRssMb, 1))
                .Append(" |\n");
        }
    }

    /// <summary>"29 of 30".</summary>
    private static string Connected(RunSummary s) => string.Create(CultureInfo.InvariantCulture, $"{s.ParticipantsConnected} of {s.ParticipantsTotal}");

    private static double? MsPerMbit(RunSummary s) => s.CpuSecondsPerMbit * 1000;

    private static string Both(double? scaleMeet, double? janus, int decimals) =>
        ReportNumber.Fixed(scaleMeet, decimals) + " / " + ReportNumber.Fixed(janus, decimals);

    /// <summary>Run text in a table cell: Markdown and the cell separator escaped.</summary>
    private static string Cell(string text) => Text(text);

    /// <summary>Plain text: newlines folded, Markdown's active characters escaped.</summary>
    private static string Text(string? text)
    {
        var sb = new StringBuilder();
        foreach (char c in text ?? "")
        {
            if (c is '\r' or '\n')
                sb.Append(' ');
            else if (c is '\\' or '`' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '*')
                sb.Append('\\').Append(c);
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>An inline code span holding <paramref name="text"/> verbatim, fenced by more backticks than it contains in a row.</summary>
    private static string CodeSpan(string? text)
    {
        string t = (text ?? "").Replace('\n', ' ').Replace('\r', ' ');
        int longest = 0, run = 0;
        foreach (char c in t)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        string fence = new('`', longest + 1);
        string pad = t.StartsWith('`') || t.EndsWith('`') ? " " : "";
        return fence + pad + t + pad + fence;
    }
}
