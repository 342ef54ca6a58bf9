using System.Globalization;
using System.Net;
using System.Text;
using ScaleMeet.LoadTest.Cli;
using ScaleMeet.LoadTest.Clients;
using ScaleMeet.LoadTest.Results;
using ScaleMeet.LoadTest.Running;
using ScaleMeet.LoadTest.Sampling;

namespace ScaleMeet.LoadTest;

/// <summary>Something the run needs is missing or broken (the media cache, ffmpeg); one line for the user.</summary>
public sealed class LoadSetupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Composes a run from <see cref="LoadOptions"/>: the client factory for the target, the media, the samplers, the runner.</summary>
public static class LoadCommand
{
    public static async Task<LoadResults> RunAsync(LoadOptions options, TextWriter output, CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // The operator pages (/stats, /api/bridges, the bridges' /stats) with the admin token when one is given.
        using var admin = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        if (options.AdminToken is { } token)
        {
            admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        IConferenceClientFactory factory = options.System switch
        {
            TargetSystem.Janus => new JanusClientFactory(options.Target),
            _ => new ScaleMeetClientFactory(options.Target, http),
        };
        await factory.CheckReachableAsync(stop).ConfigureAwait(false);

        var media = MediaSetup.Load(options.MediaDirectory);
        var serverPid = options.ServerPid ?? FindLocalServer(options.Target);
        var sampler = new ServerSampler(serverPid is { } pid ? new ProcessProbe(pid) : null,
            options.System == TargetSystem.ScaleMeet ? new ServerStatsReader(admin, options.Target) : null);

        var scenario = options.Scenario;
        if (!options.Quiet)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scalemeet-load: {scenario.Name} = {scenario.Conferences} × {scenario.Participants} ({scenario.Senders} sending) against {factory.System} at {options.Target}, " +
                $"{options.DurationSeconds:0.#} s after the last join, ramp {options.RampPerSecond:0.##}/s; server process: {(serverPid is { } p ? p.ToString(CultureInfo.InvariantCulture) : "not found (no CPU/RSS)")}"));
        }

        var pool = options.System == TargetSystem.ScaleMeet ? new PoolSampler(new PoolReader(admin, options.Target)) : null;
        var runner = new LoadRunner(options, factory, media.CreateSender, media.CreateTracks, sampler,
            options.Quiet ? null : line => output.WriteLine(line.Text), pool);
        return await runner.RunAsync(stop).ConfigureAwait(false);
    }

    /// <summary>The closing lines printed after a run.</summary>
    public static string Describe(LoadResults results)
    {
        var s = results.Summary;
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{results.Scenario} against {results.System}: {s.ParticipantsConnected}/{s.ParticipantsTotal} participants connected over {results.Duration:0.#} s{(results.Interrupted ? " (interrupted)" : string.Empty)}"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"  media through the server: {s.ForwardedMbps:0.00} Mbit/s in+out; loss {s.LossPct:0.###} %; rtt {Format(s.RttMs, "0.0")} ms; first frame {Format(s.FirstFrameMs, "0")} ms (median); join {Format(s.JoinMs, "0")} ms; freezes {s.Freezes}"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"  server: {Format(s.ServerCpuCores, "0.000")} cores, {Format(s.CpuSecondsPerMbit * 1000, "0.00")} ms CPU per Mbit, RSS peak {Format(s.ServerPeakRssMb, "0")} MB, end {Format(s.ServerEndRssMb, "0")} MB"));
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"  load generator: {results.Generator.CpuCores:0.000} cores ({results.Generator.MilliCoresPerParticipant:0.0} millicores per participant), RSS peak {results.Generator.PeakRssMb:0} MB"));
        foreach (var bridge in results.Bridges)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture,
                $"  bridge {bridge.Id}{(bridge.Region.Length > 0 ? $" ({bridge.Region})" : "")}: {bridge.Participants} participants in {bridge.Rooms.Count} conferences; "
                + $"{Format(bridge.CpuCores, "0.000")} cores, RSS peak {Format(bridge.PeakRssMb, "0")} MB, stress peak {Format(bridge.PeakStress, "0.000")}");
        }

        foreach (var failed in results.Participants.Where(p => !p.Connected).Take(5))
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {failed.Name}: {failed.Error ?? "not connected"}");
        }

        return text.ToString();
    }

    public static string RenderReport(LoadResults results) => Reports.HtmlReport.Render(results);

    private static string Format(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>The local process listening on the target's port, when the target is this machine.</summary>
    private static int? FindLocalServer(Uri target)
    {
        var local = target.IsLoopback ||
                    (IPAddress.TryParse(target.Host, out var address) && System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                        .SelectMany(n => n.GetIPProperties().UnicastAddresses).Any(u => u.Address.Equals(address)));
        return local ? ProcessProbe.FindListener(target.Port) : null;
    }
}
