using System.Globalization;
using System.Text;
using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Running;

/// <summary>One line of live progress: time, per-conference connected counts, bitrates, loss, RTT and server CPU/RSS.</summary>
public sealed record ProgressLine(string Text)
{
    internal static ProgressLine From(ServerSample sample, IReadOnlyList<LoadParticipant> participants, StatisticsSnapshot[] now)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{sample.T,6:0}s] connected");
        foreach (var conference in participants.Select((p, i) => (p, i)).GroupBy(x => x.p.Conference).OrderBy(g => g.Key).Take(12))
        {
            var ok = conference.Count(x => ResultsBuilder.IsConnected(x.p, now[x.i]));
            text.Append(CultureInfo.InvariantCulture, $" {ok}/{conference.Count()}");
        }

        if (participants.Select(p => p.Conference).Distinct().Count() > 12)
        {
            text.Append(" …");
        }

        text.Append(CultureInfo.InvariantCulture, $" | down {sample.BitrateDownKbps / 1000:0.0} up {sample.BitrateUpKbps / 1000:0.0} Mbit/s");
        text.Append(CultureInfo.InvariantCulture, $" | loss {sample.LossPct ?? 0:0.00}%");
        if (sample.RttMs is { } rtt)
        {
            text.Append(CultureInfo.InvariantCulture, $" rtt {rtt:0.0} ms");
        }

        if (sample.CpuCores is { } cpu)
        {
            text.Append(CultureInfo.InvariantCulture, $" | server {cpu:0.00} cores {sample.RssMb:0} MB");
        }

        if (sample.Stress is { } stress)
        {
            text.Append(CultureInfo.InvariantCulture, $" stress {stress:0.00}");
        }

        return new ProgressLine(text.ToString());
    }
}
