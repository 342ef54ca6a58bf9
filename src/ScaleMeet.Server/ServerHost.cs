using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using ScaleMeet.Bridge;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus;
using ScaleMeet.Server.Admission;
using ScaleMeet.Server.Control;
using ScaleMeet.Server.Hardening;
using ScaleMeet.Focus.Auth;
using ScaleMeet.Focus.Bridges;
using ScaleMeet.Bridge.Control;
using ScaleMeet.Server.Memory;
using ScaleMeet.Server.Metrics;
using ScaleMeet.Server.Signaling;

namespace ScaleMeet.Server;

/// <summary>
/// The all-in-one process: Kestrel (pages, assets, <c>/signaling</c>), one <see cref="FocusService"/>, and one
/// embedded <see cref="MediaBridge"/> ("local") registered with the focus through <see cref="IBridgeControl"/>,
/// exactly as a remote bridge will be. Settings come from appsettings.json, environment variables and the command
/// line (highest). Owns the bridge: starts it before Kestrel, disposes it after Kestrel stopped.
/// </summary>
internal sealed class ServerHost : IAsyncDisposable
{
    private static readonly Dictionary<string, string> FlagOfSetting = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ScaleMeet:Bridge:UdpPort"] = "--udp-port",
        ["ScaleMeet:Bridge:Relay:Port"] = "--relay-port",
        ["ScaleMeet:Bridge:AdvertiseAddresses"] = "--advertise-ip",
    };

    private readonly WebApplication _app;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly ServerHttpOptions _http;
    private readonly BridgeOptions _bridgeOptions;
    private readonly Func<IBridgeEventSink, ILoggerFactory, IBridgeControl>? _bridgeFactory;
    private readonly MetricsEndpoint _metrics;
    private readonly ControlOptions _controlOptions;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ServerRole _role;
    private readonly string _controlSecret;
    private readonly BridgeAcceptor? _acceptor;
    private MediaBridge? _mediaBridge;
    private List<ControlAgent> _agents = [];
    private bool _started;

    private ServerHost(WebApplication app, TextWriter output, TextWriter error, ServerHttpOptions http, BridgeOptions bridgeOptions,
        MemoryOptions memoryOptions, ControlOptions controlOptions, ServerRole role, Func<IBridgeEventSink, ILoggerFactory, IBridgeControl>? bridgeFactory)
    {
        _controlOptions = controlOptions;
        _role = role;

        // Without a configured secret the all-in-one makes one for its embedded bridge and serves no /bridge.
        _controlSecret = controlOptions.Secret ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        _app = app;
        _output = output;
        _error = error;
        _http = http;
        _bridgeOptions = bridgeOptions;
        _bridgeFactory = bridgeFactory;
        Focus = app.Services.GetRequiredService<FocusService>();
        var adminToken = http.AdminToken is null ? null : new AdminToken(http.AdminToken);
        var statsAccess = new AdminAccess(MetricsAccessList.Create([], http.TrustLoopback).Allows, adminToken);
        var metricsAccess = new AdminAccess(MetricsAccessList.Create(http.MetricsAllowedNetworks, http.TrustLoopback).Allows, adminToken);
        var focus = role == ServerRole.Bridge ? null : Focus;
        StatsEndpoint.Map(app, focus, () => _mediaBridge, statsAccess);
        _metrics = MetricsEndpoint.Map(app, metricsAccess, focus);
        if (focus is not null)
        {
            _acceptor = new BridgeAcceptor(focus, controlOptions, _controlSecret, app.Services.GetRequiredService<ILoggerFactory>(), TimeProvider.System);
            BridgesApiEndpoint.Map(app, focus, statsAccess);
            if (controlOptions.Secret is not null)
            {
                BridgeControlEndpoint.Map(app, _acceptor, _stopping.Token);
            }
        }

        _ = new ServerMetrics(app.Services.GetRequiredService<AdmissionControl>(), app.Services.GetRequiredService<AdmissionCounters>(),
            statsAccess, metricsAccess, app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        ReadyEndpoint.Map(app, ReadyStatus);
        Func<int> participants = role == ServerRole.Bridge ? () => _mediaBridge?.GetStats().Participants ?? 0 : () => Focus.GetSnapshot().Participants;
        _memoryTrimmer = new MemoryTrimmer(participants, HeapGarbage.Bytes, memoryOptions, TimeProvider.System,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ScaleMeet.Server.Memory"));
        _ = new MemoryMetrics(_memoryTrimmer, app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    private readonly MemoryTrimmer _memoryTrimmer;

    /// <summary>What <c>/ready</c> says for this role now.</summary>
    private string ReadyStatus() => _role switch
    {
        ServerRole.Focus => Focus.Bridges.List().Any(b => b.State == nameof(BridgeState.Active)) ? ReadyEndpoint.Ready : "no-bridge",
        ServerRole.Bridge when ReadyEndpoint.BridgeStatus(_mediaBridge) is var status && status != ReadyEndpoint.Ready => status,
        ServerRole.Bridge => _agents.Any(a => a.IsRegistered) ? ReadyEndpoint.Ready : "unregistered",
        _ => ReadyEndpoint.BridgeStatus(_mediaBridge),
    };

    /// <summary>The all-in-one's bridge id.</summary>
    internal const string EmbeddedBridgeId = "local";

    public FocusService Focus { get; }

    /// <summary>The embedded media bridge once started (null with a replaced bridge); tests set its states.</summary>
    internal MediaBridge? MediaBridge => _mediaBridge;

    /// <summary>The bound HTTP port (useful with port 0); valid after <see cref="StartAsync"/>.</summary>
    public int HttpPort { get; private set; }

    /// <summary>The bound HTTPS port, or null without HTTPS; valid after <see cref="StartAsync"/>.</summary>
    public int? HttpsPort { get; private set; }

    /// <summary>
    /// Parses the command line and settings and builds the host. Returns null when the process should exit with
    /// <paramref name="exitCode"/> (2 after one line on <paramref name="error"/>; 0 after <c>--help</c>).
    /// Tests may replace the embedded bridge (<paramref name="bridgeFactory"/>) and add settings below the command
    /// line (<paramref name="settings"/>).
    /// </summary>
    public static ServerHost? Create(
        string[] args,
        TextWriter output,
        TextWriter error,
        out int exitCode,
        Func<IBridgeEventSink, ILoggerFactory, IBridgeControl>? bridgeFactory = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        exitCode = 2;
        if (!CommandLine.TryParse(args, out var commandLine, out var problem))
        {
            error.WriteLine($"scalemeet: error: {problem}");
            return null;
        }

        if (commandLine!.Help)
        {
            output.Write(CommandLine.Usage);
            exitCode = 0;
            return null;
        }

        WebApplicationBuilder builder;
        ServerHttpOptions http;
        FocusOptions focusOptions;
        BridgeOptions bridgeOptions;
        MemoryOptions memoryOptions;
        AuthOptions authOptions;
        ControlOptions controlOptions;
        try
        {
            builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = [],
                ContentRootPath = AppContext.BaseDirectory,
                WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            builder.Configuration.AddInMemoryCollection(commandLine.Settings);

            // A failed start is reported as one line by StartAsync; the host's own stack-trace dump would bury it.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
            RejectUnknownSections(builder.Configuration);
            http = Bind<ServerHttpOptions>(builder.Configuration, ServerHttpOptions.Section);
            focusOptions = Bind<FocusOptions>(builder.Configuration, FocusOptions.Section);
            bridgeOptions = Bind<BridgeOptions>(builder.Configuration, BridgeOptions.Section);
            memoryOptions = Bind<MemoryOptions>(builder.Configuration, MemoryOptions.Section);
            authOptions = Bind<AuthOptions>(builder.Configuration, AuthOptions.Section);
            controlOptions = Bind<ControlOptions>(builder.Configuration, ControlOptions.Section);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException)
        {
            error.WriteLine($"scalemeet: error: invalid setting: {OneLine(ex)}");
            return null;
        }

        if (commandLine.AdvertiseAddresses is { } advertise)
        {
            bridgeOptions.AdvertiseAddresses = [.. advertise];
        }

        if (commandLine.FocusUrls is { } focusUrls)
        {
            bridgeOptions.FocusUrls = [.. focusUrls];
        }

        // A remote bridge relays to the others of its pool unless told not to; the all-in-one's one bridge has nobody to relay to.
        bridgeOptions.Relay.Enabled ??= commandLine.Role == ServerRole.Bridge;

        problem = http.Validate() ?? focusOptions.Validate() ?? bridgeOptions.Validate() ?? memoryOptions.Validate() ?? authOptions.Validate() ?? controlOptions.Validate()
            ?? RoleProblem(commandLine.Role, bridgeOptions, controlOptions);
        if (problem is not null)
        {
            error.WriteLine($"scalemeet: error: {WithFlag(problem)}");
            return null;
        }

        X509Certificate2? certificate = null;
        if (http.CertificatePath is not null)
        {
            certificate = HttpsCertificates.Load(http, out problem);
            if (certificate is null)
            {
                error.WriteLine($"scalemeet: error: {problem}");
                return null;
            }
        }
        else if (http.SelfSigned)
        {
            certificate = HttpsCertificates.CreateSelfSigned([.. bridgeOptions.AdvertiseAddresses, http.BindAddress], TimeProvider.System);
            output.WriteLine($"HTTPS uses a self-signed certificate; SHA-256 fingerprint {HttpsCertificates.Fingerprint(certificate)}");
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            http.Limits.ApplyTo(kestrel.Limits);
            Listen(kestrel, http.BindAddress, http.Port, null);
            if (certificate is not null)
            {
                Listen(kestrel, http.BindAddress, http.EffectiveHttpsPort, o => o.UseHttps(certificate));
            }
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(http);
        builder.Services.AddSingleton(focusOptions);
        builder.Services.AddSingleton(sp => new FocusService(focusOptions, authOptions, sp.GetRequiredService<ILoggerFactory>(), TimeProvider.System));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new AdmissionControl(http.Admission));
        builder.Services.AddSingleton<AdmissionCounters>();
        builder.Services.AddSingleton(new OriginPolicy(http.Admission.AllowedOrigins));
        builder.Services.AddSingleton<SignalingEndpoint>();

        var app = builder.Build();
        ConfigurePipeline(app, http, commandLine.Role);
        exitCode = 0;
        return new ServerHost(app, output, error, http, bridgeOptions, memoryOptions, controlOptions, commandLine.Role, bridgeFactory);
    }

    /// <summary>Starts the bridge (all-in-one, bridge), then Kestrel, and prints where to go. Returns 0, or 1 after one line on stderr.</summary>
    public async Task<int> StartAsync(CancellationToken cancellationToken = default)
    {
        var loggers = _app.Services.GetRequiredService<ILoggerFactory>();
        if (_bridgeFactory is not null)
        {
            Focus.RegisterBridge(_bridgeFactory(Focus, loggers));
        }
        else if (_role != ServerRole.Focus && !await StartBridgeAsync(loggers, cancellationToken).ConfigureAwait(false))
        {
            return 1;
        }

        try
        {
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
            _started = true;
        }
        catch (IOException ex)
        {
            _error.WriteLine($"scalemeet: error: {OneLine(ex)} (choose another port with --http-port / --https-port)");
            return 1;
        }

        ReadBoundPorts();
        var host = _http.BindAddress is "localhost" or "*" or "0.0.0.0" or "::" ? "localhost" : UrlHost(_http.BindAddress);
        if (_role == ServerRole.Bridge)
        {
            foreach (var agent in _agents)
            {
                agent.Start(_mediaBridge!, HttpPort);
            }

            var relay = _mediaBridge!.RelayAddress is { } relayAddress ? $", relays on UDP {relayAddress}" : "";
            _output.WriteLine($"ScaleMeet bridge {_mediaBridge.BridgeId} is running: media on UDP port {_mediaBridge.UdpPort}{relay}, "
                + $"health and metrics on http://{host}:{HttpPort}; registering with {string.Join(", ", _bridgeOptions.FocusUrls)}");
            return 0;
        }

        _output.WriteLine($"ScaleMeet {(_role == ServerRole.Focus ? "focus " : "")}is running: open http://{host}:{HttpPort}/<room>");
        if (HttpsPort is { } https)
        {
            _output.WriteLine($"                  or: open https://{host}:{https}/<room>");
        }

        if (_role == ServerRole.Focus)
        {
            _output.WriteLine($"Bridges register at ws://{host}:{HttpPort}{ControlProtocol.Path} (scalemeet bridge --focus http://{host}:{HttpPort})");
        }

        return 0;
    }

    /// <summary>
    /// The all-in-one's embedded bridge registers like a remote one (hello, HMAC, heartbeats, every message serialized)
    /// through an in-memory channel; a remote bridge dials each of its focuses. Returns false after one line on stderr.
    /// </summary>
    private async Task<bool> StartBridgeAsync(ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var embedded = _role == ServerRole.AllInOne;
        var bridgeId = embedded ? EmbeddedBridgeId : _bridgeOptions.Id ?? $"{System.Net.Dns.GetHostName()}-{_bridgeOptions.UdpPort}";
        if (BridgeAcceptor.BridgeIdProblem(bridgeId) is not null)
        {
            bridgeId = $"bridge-{_bridgeOptions.UdpPort}";
        }

        IBridgeEventSink sink;
        if (embedded)
        {
            var acceptor = _acceptor!;
            var stopping = _stopping.Token;
            var agent = new ControlAgent(new ControlAgentOptions { BridgeId = bridgeId, Secret = _controlSecret }, connectCancellation =>
            {
                var (focusEnd, bridgeEnd) = InMemoryControlChannel.CreatePair();
                _ = acceptor.RunAsync(focusEnd, "in-process", stopping);
                return Task.FromResult<IControlChannel>(bridgeEnd);
            }, loggers, TimeProvider.System);
            _agents = [agent];
            sink = agent;
        }
        else
        {
            var urls = _bridgeOptions.FocusUrls;
            _agents = urls.Select((url, i) => new ControlAgent(new ControlAgentOptions
            {
                BridgeId = bridgeId,
                Region = _bridgeOptions.Region,
                Secret = _controlSecret,
                ConferenceScope = urls.Count > 1 ? $"f{i}" : null,
            }, FocusDialer.Connect(FocusDialer.ControlUri(url, out _)!), loggers, TimeProvider.System)).ToList();
            sink = _agents.Count == 1 ? _agents[0] : new ScopedEventSink { Agents = _agents };
        }

        _mediaBridge = new MediaBridge(bridgeId, _bridgeOptions, sink, loggers, TimeProvider.System,
            _app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        try
        {
            _mediaBridge.Start();
        }
        catch (InvalidOperationException ex)
        {
            _error.WriteLine($"scalemeet: error: cannot start the media bridge on UDP port {_bridgeOptions.UdpPort}: {ex.Message}");
            return false;
        }

        if (!embedded)
        {
            return true; // a remote bridge dials its focuses once its HTTP port is bound (StartAsync), which its hello names
        }

        _agents[0].Start(_mediaBridge);
        if (!await WaitForActiveBridgeAsync(bridgeId, TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false))
        {
            _error.WriteLine($"scalemeet: error: the embedded bridge did not register with the focus ({_agents[0].LastRefusal ?? "no answer"})");
            return false;
        }

        return true;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var agent in _agents)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);

        if (_mediaBridge is not null)
        {
            await _mediaBridge.DisposeAsync().ConfigureAwait(false);
        }

        _memoryTrimmer.Dispose();
        _metrics.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until <paramref name="bridgeId"/> is Active in the focus's registry (its first heartbeat arrived).</summary>
    private async Task<bool> WaitForActiveBridgeAsync(string bridgeId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (TimeProvider.System.GetTimestamp() < deadline)
        {
            if (Focus.Bridges.List().Any(b => b.Id == bridgeId && b.State == nameof(BridgeState.Active)))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Settings a role needs or must not have, named with their flags.</summary>
    private static string? RoleProblem(ServerRole role, BridgeOptions bridge, ControlOptions control)
    {
        if (role != ServerRole.AllInOne && control.Secret is null)
        {
            return $"the {role.ToString().ToLowerInvariant()} role needs {ControlOptions.Section}:Secret (command line: --control-secret)";
        }

        if (role != ServerRole.Bridge && bridge.FocusUrls.Count > 0)
        {
            return $"{BridgeOptions.Section}:FocusUrls (--focus) is for the bridge role ('scalemeet bridge --focus URL')";
        }

        if (role != ServerRole.Bridge && (bridge.Id is not null || bridge.Region.Length > 0))
        {
            return $"{BridgeOptions.Section}:Id and :Region (--bridge-id, --region) are for the bridge role";
        }

        if (role != ServerRole.Bridge)
        {
            return null;
        }

        if (bridge.FocusUrls.Count == 0)
        {
            return $"the bridge role needs at least one focus: {BridgeOptions.Section}:FocusUrls (command line: --focus http://host:port)";
        }

        foreach (var url in bridge.FocusUrls)
        {
            if (FocusDialer.ControlUri(url, out var problem) is null)
            {
                return $"{BridgeOptions.Section}:FocusUrls: {problem} (command line: --focus)";
            }
        }

        if (bridge.Id is { } id && BridgeAcceptor.BridgeIdProblem(id) is { } idProblem)
        {
            return $"{BridgeOptions.Section}:Id: {idProblem} (command line: --bridge-id)";
        }

        return BridgeAcceptor.RegionProblem(bridge.Region) is { } regionProblem ? $"{BridgeOptions.Section}:Region: {regionProblem} (command line: --region)" : null;
    }

    private static void ConfigurePipeline(WebApplication app, ServerHttpOptions http, ServerRole role)
    {
        var webRoot = http.WebRoot ?? Path.Combine(AppContext.BaseDirectory, "wwwroot");
        IFileProvider files = Directory.Exists(webRoot) ? new PhysicalFileProvider(Path.GetFullPath(webRoot)) : new NullFileProvider();
        if (role != ServerRole.Bridge && !files.GetFileInfo("index.html").Exists)
        {
            ServerLog.WebClientMissing(app.Services.GetRequiredService<ILogger<ServerHost>>(), webRoot);
        }

        if (http.TrustedProxies.Length > 0)
        {
            app.UseForwardedHeaders(TrustedProxies.ForwardedHeaders(http.TrustedProxies));
        }

        var headers = new SecurityHeaders(http.Headers);
        app.Use(headers.InvokeAsync);
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = http.WebSocketKeepAliveInterval,
            KeepAliveTimeout = http.WebSocketKeepAliveInterval,
        });

        if (role == ServerRole.Bridge)
        {
            // Media only: no pages, no signaling.
            app.UseRouting();
            return;
        }

        // Assets first, routing after: otherwise "/app.js" would match the "/{room}" route.
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.UseRouting();
        var signaling = app.Services.GetRequiredService<SignalingEndpoint>();
        var stopping = app.Lifetime.ApplicationStopping;
        app.Map(SignalingProtocol.Path, (HttpContext context) => signaling.HandleAsync(context, stopping));
        WebClientEndpoints.Map(app, files);
    }

    /// <summary>A section under <c>ScaleMeet:</c> that no component reads is a mistake (a typo would be silently ignored).</summary>
    private static void RejectUnknownSections(IConfiguration configuration)
    {
        string[] known = [ServerHttpOptions.Section, FocusOptions.Section, BridgeOptions.Section, MemoryOptions.Section, AuthOptions.Section, ControlOptions.Section];
        foreach (var child in configuration.GetSection("ScaleMeet").GetChildren())
        {
            if (!known.Contains(child.Path, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"'{child.Path}' is not a ScaleMeet setting (known sections: {string.Join(", ", known)})");
            }
        }
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new() =>
        configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();

    private static void Listen(KestrelServerOptions kestrel, string bind, int port, Action<ListenOptions>? configure)
    {
        configure ??= static _ => { };
        switch (bind)
        {
            case "localhost" when port == 0:
                kestrel.Listen(IPAddress.Loopback, 0, configure);
                break;
            case "localhost":
                kestrel.ListenLocalhost(port, configure);
                break;
            case "*":
                kestrel.ListenAnyIP(port, configure);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(bind), port, configure);
                break;
        }
    }

    private void ReadBoundPorts()
    {
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                if (uri.Scheme == Uri.UriSchemeHttps)
                {
                    HttpsPort = uri.Port;
                }
                else
                {
                    HttpPort = uri.Port;
                }
            }
        }
    }

    private static string UrlHost(string ip) =>
        IPAddress.TryParse(ip, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip;

    private static string WithFlag(string problem)
    {
        foreach (var (setting, flag) in FlagOfSetting)
        {
            if (problem.StartsWith(setting, StringComparison.OrdinalIgnoreCase))
            {
                return $"{problem} (command line: {flag})";
            }
        }

        return problem;
    }

    private static string OneLine(Exception ex) => ex.Message.ReplaceLineEndings(" ");
}
