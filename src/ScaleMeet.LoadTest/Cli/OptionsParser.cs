using System.Globalization;
using System.Net;

namespace ScaleMeet.LoadTest.Cli;

/// <summary>A command line that cannot run; the message is one line for the user.</summary>
public sealed class OptionsException(string message) : Exception(message);

/// <summary>
/// Parses <c>scalemeet-load</c>'s command line (<c>--name value</c> or <c>--name=value</c>). Every mistake is an
/// <see cref="OptionsException"/> naming the option and what it accepts.
/// </summary>
public static class OptionsParser
{
    public const string Usage = """
        usage: scalemeet-load [--scenario S1|S2|S3|S4 | --conferences N --participants M [--senders K]]
                              [--target http://host:port | janus://host:port/] [--duration SECONDS] [--ramp JOINS_PER_SECOND]
                              [--out results.json] [--report report.html] [--receive-height PIXELS]
                              [--bind ADDRESS] [--server-pid PID] [--media-dir DIR] [--room-prefix NAME] [--region A,B,...]
                              [--admin-token-file FILE] [--quiet]

          --scenario        the capacity study's scenarios: S1 = 1×3, S2 = 1×10, S3 = 3×10, S4 = 10×3 (conferences × participants, all sending)
          --conferences     conferences (1-1000); with --participants (1-100 per conference) and --senders (default: all)
          --target          a ScaleMeet server's base URL (default http://localhost:8080) or a Janus WebSocket API (janus://host:8188/)
          --duration        seconds measured after the last participant joined (default 60)
          --ramp            participants joining per second (default 5)
          --out, --report   the JSON results and the HTML report to write
          --receive-height  the largest video height each participant asks for (default 720)
          --bind            local address of the participants' UDP sockets (default any)
          --server-pid      the server's process, for CPU and memory (default: found by the target's port, when local)
          --media-dir       the cached VP8/Opus media (default ~/.cache/scalemeet/load-media; made with ffmpeg when missing)
          --admin-token-file  a file holding the servers' admin token (ScaleMeet:Http:AdminToken), sent as a bearer token
                            to /stats and /api/bridges (needed when they are not on this machine: loopback needs none)
          --region          the participants' region per conference, cycled (conference 1 gets A, 2 gets B, …): sent as
                            ?region= on the signaling URL, which the focus honours with ScaleMeet:Focus:AllowRegionParameter
        """;

    /// <summary>Parses <paramref name="args"/>; null when help was asked for.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var quiet = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return null;
            }

            if (arg == "--quiet")
            {
                quiet = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new OptionsException($"unexpected argument '{arg}' (options start with --; see --help)");
            }

            string name, value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                (name, value) = (arg[2..equals], arg[(equals + 1)..]);
            }
            else
            {
                name = arg[2..];
                if (i + 1 >= args.Count)
                {
                    throw new OptionsException($"--{name} needs a value");
                }

                value = args[++i];
            }

            if (!Known.Contains(name))
            {
                throw new OptionsException($"unknown option --{name} (see --help)");
            }

            if (!values.TryAdd(name, value))
            {
                throw new OptionsException($"--{name} is given twice");
            }
        }

        var (target, system) = ParseTarget(values.GetValueOrDefault("target", "http://localhost:8080"));
        var options = new LoadOptions
        {
            Scenario = ParseScenario(values),
            Target = target,
            System = system,
            DurationSeconds = Number(values, "duration", 60, 0.001, 86_400, "seconds"),
            RampPerSecond = Number(values, "ramp", 5, 0.01, 1000, "joins per second"),
            OutPath = values.GetValueOrDefault("out"),
            ReportPath = values.GetValueOrDefault("report"),
            MediaDirectory = values.GetValueOrDefault("media-dir"),
            ReceiveHeight = (int)Number(values, "receive-height", 720, 1, 4320, "pixels", integer: true),
            BindAddress = ParseAddress(values.GetValueOrDefault("bind")),
            ServerPid = values.ContainsKey("server-pid") ? (int)Number(values, "server-pid", 0, 1, int.MaxValue, "a process id", integer: true) : null,
            Quiet = quiet,
        };
        if (values.TryGetValue("room-prefix", out var prefix))
        {
            if (prefix.Length is 0 or > 40 || !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new OptionsException($"--room-prefix must be 1-40 letters, digits, '-', '_' or '.', got '{prefix}'");
            }

            options = options with { RoomPrefix = prefix };
        }

        if (values.TryGetValue("admin-token-file", out var tokenFile))
        {
            string token;
            try
            {
                token = File.ReadAllText(tokenFile).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new OptionsException($"--admin-token-file: cannot read '{tokenFile}': {ex.Message}");
            }

            if (token.Length == 0 || token.Any(char.IsWhiteSpace))
            {
                throw new OptionsException($"--admin-token-file: '{tokenFile}' must hold one token (no spaces), and holds {(token.Length == 0 ? "nothing" : "several words")}");
            }

            options = options with { AdminToken = token };
        }

        if (values.TryGetValue("region", out var regions))
        {
            if (system != TargetSystem.ScaleMeet)
            {
                throw new OptionsException("--region needs a ScaleMeet target (Janus has no regions)");
            }

            var list = regions.Split(',');
            if (list.Any(r => r.Length is 0 or > 64 || !r.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                throw new OptionsException($"--region must be a comma-separated list of 1-64 letters, digits, '-', '_' or '.', got '{regions}'");
            }

            options = options with { Regions = list };
        }

        return options;
    }

    private static readonly HashSet<string> Known =
    [
        "scenario", "conferences", "participants", "senders", "target", "duration", "ramp", "out", "report",
        "media-dir", "receive-height", "bind", "server-pid", "room-prefix", "region", "admin-token-file",
    ];

    private static Scenario ParseScenario(Dictionary<string, string> values)
    {
        var custom = values.ContainsKey("conferences") || values.ContainsKey("participants") || values.ContainsKey("senders");
        if (values.TryGetValue("scenario", out var name))
        {
            if (custom)
            {
                throw new OptionsException("use --scenario or --conferences/--participants/--senders, not both");
            }

            return Scenario.Find(name) ?? throw new OptionsException($"--scenario must be S1, S2, S3 or S4, got '{name}'");
        }

        if (!custom)
        {
            throw new OptionsException("say what to run: --scenario S1|S2|S3|S4, or --conferences N --participants M");
        }

        if (!values.ContainsKey("conferences") || !values.ContainsKey("participants"))
        {
            throw new OptionsException("--conferences and --participants go together");
        }

        var conferences = (int)Number(values, "conferences", 1, 1, 1000, "conferences", integer: true);
        var participants = (int)Number(values, "participants", 1, 1, 100, "participants per conference", integer: true);
        var senders = (int)Number(values, "senders", participants, 1, participants, "senders per conference (at most --participants)", integer: true);
        return new Scenario("custom", conferences, participants, senders);
    }

    private static (Uri Target, TargetSystem System) ParseTarget(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new OptionsException($"--target must be http://host:port, https://host:port or janus://host:port/, got '{text}'");
        }

        return uri.Scheme switch
        {
            "http" or "https" => (uri, TargetSystem.ScaleMeet),
            "janus" => (new UriBuilder(uri) { Scheme = "ws", Port = uri.IsDefaultPort ? 8188 : uri.Port }.Uri, TargetSystem.Janus),
            _ => throw new OptionsException($"--target scheme must be http, https or janus, got '{uri.Scheme}'"),
        };
    }

    private static IPAddress ParseAddress(string? text)
    {
        if (text is null)
        {
            return IPAddress.Any;
        }

        return IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? address
            : throw new OptionsException($"--bind must be an IPv4 address, got '{text}'");
    }

    private static double Number(Dictionary<string, string> values, string name, double fallback, double min, double max, string unit,
        bool integer = false)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) ||
            value < min || value > max || (integer && value != Math.Floor(value)))
        {
            var range = integer ? $"a whole number from {min} to {max}" : $"a number from {min} to {max}";
            throw new OptionsException($"--{name} must be {range} ({unit}), got '{text}'");
        }

        return value;
    }
}
