using System.Globalization;
using System.Text;
using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Reports;

/// <summary>The report's tables: run facts, summary (one column per run) and participants. Stateless.</summary>
internal static class HtmlTables
{
    /// <summary>A summary row: figure, unit, and how to print it for a run.</summary>
    private sealed record SummaryRow(string Figure, string Unit, Func<LoadResults, string> Value);

    private static readonly SummaryRow[] SummaryRows =
    [
        new("Participants connected", "", r => OutOf(r.Summary.ParticipantsConnected, r.Summary.ParticipantsTotal)),
        new("Server CPU", "cores", r => ReportNumber.Fixed(r.Summary.ServerCpuCores, 3)),
        new("Server CPU per forwarded Mbit", "ms/Mbit", r => ReportNumber.Fixed(r.Summary.CpuSecondsPerMbit * 1000, 2)),
        new("Server RSS, peak", "MB", r => ReportNumber.Fixed(r.Summary.ServerPeakRssMb, 1)),
        new("Server RSS, end", "MB", r => ReportNumber.Fixed(r.Summary.ServerEndRssMb, 1)),
        new("Forwarded (server in + out)", "Mbit/s", r => ReportNumber.Fixed(r.Summary.ForwardedMbps, 2)),
        new("Loss", "%", r => ReportNumber.Fixed(r.Summary.LossPct, 2)),
        new("RTT", "ms", r => ReportNumber.Fixed(r.Summary.RttMs, 1)),
        new("Time to first frame (median)", "ms", r => ReportNumber.Fixed(r.Summary.FirstFrameMs, 0)),
        new("Join time", "ms", r => ReportNumber.Fixed(r.Summary.JoinMs, 0)),
        new("Freezes", "", r => ReportNumber.Int(r.Summary.Freezes)),
        new("Load generator CPU", "cores", r => ReportNumber.Fixed(r.Generator.CpuCores, 3)),
        new("Load generator per participant", "milli-cores", r => ReportNumber.Fixed(r.Generator.MilliCoresPerParticipant, 1)),
        new("Load generator RSS, peak", "MB", r => ReportNumber.Fixed(r.Generator.PeakRssMb, 1)),
    ];

    /// <summary>The facts of one run as a definition list.</summary>
    public static void WriteRunFacts(StringBuilder sb, LoadResults run)
    {
        sb.Append("<dl class=\"facts\">");
        Fact(sb, "Scenario", run.Scenario);
        Fact(sb, "Target", run.Target);
        Fact(sb, "System", run.System);
        Fact(sb, "Started", StartedText(run.StartedAt));
        Fact(sb, "Duration", ReportNumber.Seconds(run.Duration) + " s of measurement");
        Fact(sb, "Conferences × participants", ConferencesText(run));
        Fact(sb, "Senders per conference", run.SendersPerConference.ToString(CultureInfo.InvariantCulture));
        Fact(sb, "Interrupted", run.Interrupted ? "yes: stopped early, partial results" : "no");
        sb.Append("</dl>");
    }

    /// <summary>Figures down, one column per run (the runs' <paramref name="labels"/> head the columns when there are several).</summary>
    public static void WriteSummary(StringBuilder sb, IReadOnlyList<LoadResults> runs, IReadOnlyList<string> labels)
    {
        sb.Append("<table class=\"summary\"><thead><tr><th>Figure</th><th>Unit</th>");
        foreach (string label in labels)
            sb.Append("<th class=\"num\">").AppendEscaped(runs.Count > 1 ? label : "Value").Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in SummaryRows)
        {
            sb.Append("<tr><th scope=\"row\">").AppendEscaped(row.Figure).Append("</th><td>").AppendEscaped(row.Unit).Append("</td>");
            foreach (var run in runs)
                sb.Append("<td class=\"num\">").AppendEscaped(row.Value(run)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
    }

    /// <summary>One row per bridge of the pool: its region, where the run's participants were, and its peaks.</summary>
    public static void WritePlacement(StringBuilder sb, IReadOnlyList<BridgeResult> bridges)
    {
        sb.Append("<table class=\"bridges\"><thead><tr>");
        foreach (string h in (string[])["Bridge", "Region", "State at the end", "Participants", "Conferences", "Rooms", "CPU (cores, window mean)", "RSS peak (MB)", "Stress peak"])
            sb.Append("<th>").AppendEscaped(h).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var b in bridges)
        {
            sb.Append("<tr>");
            Cell(sb, b.Id, false);
            Cell(sb, b.Region.Length > 0 ? b.Region : "—", false);
            Cell(sb, b.Samples.Count > 0 ? b.Samples[^1].State : "—", false);
            Cell(sb, ReportNumber.Int(b.Participants), true);
            Cell(sb, ReportNumber.Int(b.Rooms.Count), true);
            Cell(sb, string.Join(", ", b.Rooms), false);
            Cell(sb, ReportNumber.Fixed(b.CpuCores, 3), true);
            Cell(sb, ReportNumber.Fixed(b.PeakRssMb, 1), true);
            Cell(sb, ReportNumber.Fixed(b.PeakStress, 3), true);
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
    }

    /// <summary>One row per participant, conference by conference, in the order the run listed them.</summary>
    public static void WriteParticipants(StringBuilder sb, IReadOnlyList<ParticipantResult> participants)
    {
        if (participants.Count == 0)
        {
            sb.Append("<p class=\"not-measured\">no participants</p>");
            return;
        }
        sb.Append("<table class=\"participants\"><thead><tr>");
        foreach (string h in (string[])["Name", "Room", "Bridge", "Sender", "Connected", "Join (ms)", "First frame (ms)", "Video streams received / expected",
                     "Audio streams", "Recv (kbit/s)", "Send (kbit/s)", "Loss (%)", "Jitter (ms)", "RTT (ms)", "Freezes", "Frames/s", "Keyframe requests", "Error"])
            sb.Append("<th>").AppendEscaped(h).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var p in participants.OrderBy(p => p.Conference)) // OrderBy is stable
        {
            sb.Append(p.Connected ? "<tr>" : "<tr class=\"failed\">");
            Cell(sb, p.Name, false);
            Cell(sb, p.Room, false);
            Cell(sb, p.Bridge ?? p.MediaAddress ?? "", false);
            Cell(sb, p.Sender ? "yes" : "no", false);
            Cell(sb, p.Connected ? "yes" : "no", false);
            Cell(sb, ReportNumber.Fixed(p.JoinMs, 0), true);
            Cell(sb, ReportNumber.Fixed(p.FirstFrameMs, 0), true);
            Cell(sb, OutOf(p.VideoStreamsReceived, p.VideoStreamsExpected), true);
            Cell(sb, ReportNumber.Int(p.AudioStreamsReceived), true);
            Cell(sb, ReportNumber.Fixed(p.RecvKbps, 0), true);
            Cell(sb, ReportNumber.Fixed(p.SendKbps, 0), true);
            Cell(sb, ReportNumber.Fixed(p.LossPct, 2), true);
            Cell(sb, ReportNumber.Fixed(p.JitterMs, 1), true);
            Cell(sb, ReportNumber.Fixed(p.RttMs, 1), true);
            Cell(sb, ReportNumber.Int(p.Freezes), true);
            Cell(sb, ReportNumber.Fixed(p.FramesPerSecond, 1), true);
            Cell(sb, ReportNumber.Int(p.KeyframeRequests), true);
            Cell(sb, p.Error ?? "", false);
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
    }

    /// <summary>"2025-01-31 14:05:09 +00:00" (the run's own offset).</summary>
    public static string StartedText(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>"3 × 10 (30 participants)".</summary>
    public static string ConferencesText(LoadResults run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.Conferences} × {run.ParticipantsPerConference} ({run.Conferences * run.ParticipantsPerConference} participants)");

    /// <summary>"29 / 30".</summary>
    public static string OutOf(int part, int whole) => string.Create(CultureInfo.InvariantCulture, $"{part} / {whole}");

    private static void Fact(StringBuilder sb, string name, string value) =>
        sb.Append("<div><dt>").AppendEscaped(name).Append("</dt><dd>").AppendEscaped(value).Append("</dd></div>");

    private static void Cell(StringBuilder sb, string text, bool numeric) =>
        sb.Append(numeric ? "<td class=\"num\">" : "<td>").AppendEscaped(text).Append("</td>");
}
