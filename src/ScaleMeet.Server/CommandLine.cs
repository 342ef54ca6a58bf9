using System.Globalization;

namespace ScaleMeet.Server;

/// <summary>
/// The command line: flags become configuration keys layered above appsettings.json and environment variables,
/// so <c>--udp-port 10001</c>, <c>ScaleMeet__Bridge__UdpPort=10001</c> and the JSON setting mean the same thing.
/// Parsing never throws: a problem comes back as one line naming the flag.
/// </summary>
internal sealed class CommandLine
{
    public const string Usage = """
        Usage: scalemeet [focus | bridge] [options]

        Runs ScaleMeet. Roles:
          (none)    all-in-one: the web client, the focus (signaling) and one media bridge
          focus     the web client, signaling and the focus; bridges dial it (needs --control-secret)
          bridge    media only: registers with each --focus (needs --control-secret); serves /health,
                    /ready, /metrics and /stats on its HTTP port
        Every option is also a setting (appsettings.json, or an environment variable such as
        ScaleMeet__Bridge__UdpPort=10000); the command line wins.

        Options:
          --http-port <port>          HTTP port (ScaleMeet:Http:Port, default 8080; 0 = any free port)
          --bind <address>            HTTP(S) listen address: localhost (default), 0.0.0.0 or an IP
                                      (ScaleMeet:Http:BindAddress). Others need 0.0.0.0 and HTTPS.
          --https-port <port>         HTTPS port (ScaleMeet:Http:HttpsPort, default 8443 when a certificate is set)
          --certificate <pem>         HTTPS certificate, PEM (ScaleMeet:Http:CertificatePath)
          --certificate-key <pem>     its private key, PEM (ScaleMeet:Http:CertificateKeyPath)
          --self-signed               HTTPS with a certificate generated at start-up; prints its SHA-256
                                      fingerprint (ScaleMeet:Http:SelfSigned)
          --udp-port <port>           media UDP port for every participant (ScaleMeet:Bridge:UdpPort, default 10000)
          --advertise-ip <ip>[,<ip>]  address(es) put in ICE candidates; repeatable
                                      (ScaleMeet:Bridge:AdvertiseAddresses, default: every local IPv4 address)
          --control-secret <secret>   the shared secret bridges prove they know, 16+ characters
                                      (ScaleMeet:Control:Secret; required by the roles focus and bridge)
          --focus <url>               bridge: a focus to register with (http://host:port), repeatable
                                      (ScaleMeet:Bridge:FocusUrls)
          --region <name>             bridge: its region (ScaleMeet:Bridge:Region, default none)
          --bridge-id <id>            bridge: its id (ScaleMeet:Bridge:Id, default <hostname>-<udp port>)
          --relay-port <port>         bridge: UDP port other bridges relay to (ScaleMeet:Bridge:Relay:Port,
                                      default 4096; 0 = any free port)
          -h, --help                  show this help

        Exit codes: 0 stopped normally, 1 could not start (port in use), 2 bad option or setting.
        """;

    private CommandLine(bool help, IReadOnlyDictionary<string, string?> settings, IReadOnlyList<string>? advertiseAddresses,
        ServerRole role = ServerRole.AllInOne, IReadOnlyList<string>? focusUrls = null)
    {
        Help = help;
        Settings = settings;
        AdvertiseAddresses = advertiseAddresses;
        Role = role;
        FocusUrls = focusUrls;
    }

    /// <summary>Which parts this process runs (the first argument: none, <c>focus</c> or <c>bridge</c>).</summary>
    public ServerRole Role { get; }

    /// <summary>The <c>--focus</c> URLs, or null when not given (replaces the setting's list, as <c>--advertise-ip</c> does).</summary>
    public IReadOnlyList<string>? FocusUrls { get; }

    /// <summary>True when <c>--help</c> was given; nothing else is meaningful then.</summary>
    public bool Help { get; }

    /// <summary>Configuration keys set by flags (scalar settings).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>
    /// The <c>--advertise-ip</c> list, or null when not given. Applied after binding so it replaces a list from
    /// other sources instead of merging into it index by index.
    /// </summary>
    public IReadOnlyList<string>? AdvertiseAddresses { get; }

    public static bool TryParse(IReadOnlyList<string> args, out CommandLine? result, out string? error)
    {
        result = null;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        List<string>? advertise = null;
        List<string>? focusUrls = null;
        var role = ServerRole.AllInOne;
        var first = 0;
        if (args.Count > 0 && args[0] is "focus" or "bridge")
        {
            role = args[0] == "focus" ? ServerRole.Focus : ServerRole.Bridge;
            first = 1;
        }

        for (var i = first; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "-h" or "--help" when inlineValue is null:
                    result = new CommandLine(true, settings, null, role);
                    error = null;
                    return true;
                case "--self-signed" when inlineValue is null:
                    settings["ScaleMeet:Http:SelfSigned"] = "true";
                    continue;
                case "--http-port" or "--https-port" or "--udp-port" or "--bind" or "--certificate" or "--certificate-key" or "--advertise-ip"
                    or "--control-secret" or "--focus" or "--region" or "--bridge-id" or "--relay-port":
                    break;
                default:
                    error = arg.StartsWith('-') ? $"unknown option '{args[i]}' (see --help)" : $"unexpected argument '{arg}' (see --help)";
                    return false;
            }

            string value;
            if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                error = $"option '{arg}' needs a value (see --help)";
                return false;
            }

            if (value.Length == 0)
            {
                error = $"option '{arg}' needs a value (see --help)";
                return false;
            }

            switch (arg)
            {
                case "--http-port" or "--https-port" or "--udp-port" or "--relay-port":
                    var allowZero = arg != "--udp-port";
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535 || (port == 0 && !allowZero))
                    {
                        error = $"option '{arg}': '{value}' is not a port number ({(allowZero ? 0 : 1)}-65535)";
                        return false;
                    }

                    settings[arg switch
                    {
                        "--http-port" => "ScaleMeet:Http:Port",
                        "--https-port" => "ScaleMeet:Http:HttpsPort",
                        "--relay-port" => "ScaleMeet:Bridge:Relay:Port",
                        _ => "ScaleMeet:Bridge:UdpPort",
                    }] = port.ToString(CultureInfo.InvariantCulture);
                    break;
                case "--bind":
                    settings["ScaleMeet:Http:BindAddress"] = value;
                    break;
                case "--certificate":
                    settings["ScaleMeet:Http:CertificatePath"] = value;
                    break;
                case "--certificate-key":
                    settings["ScaleMeet:Http:CertificateKeyPath"] = value;
                    break;
                case "--control-secret":
                    settings["ScaleMeet:Control:Secret"] = value;
                    break;
                case "--region":
                    settings["ScaleMeet:Bridge:Region"] = value;
                    break;
                case "--bridge-id":
                    settings["ScaleMeet:Bridge:Id"] = value;
                    break;
                case "--focus":
                    focusUrls ??= [];
                    focusUrls.Add(value);
                    break;
                case "--advertise-ip":
                    advertise ??= [];
                    foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
                    {
                        if (!System.Net.IPAddress.TryParse(part, out _))
                        {
                            error = $"option '--advertise-ip': '{part}' is not an IP address";
                            return false;
                        }

                        advertise.Add(part);
                    }

                    break;
            }
        }

        result = new CommandLine(false, settings, advertise, role, focusUrls);
        error = null;
        return true;
    }
}
