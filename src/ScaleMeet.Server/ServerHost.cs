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
using ScaleMeet.Server.Hardening;
using ScaleMeet.Focus.Auth;
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
        ["ScaleMeet:Bridge:AdvertiseAddresses"] = "--advertise-ip",
    };

    private readonly WebApplication _app;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly ServerHttpOptions _http;
    private readonly BridgeOptions _bridgeOptions;
    private readonly Func<IBridgeEventSink, ILoggerFactory, IBridgeControl>? _bridgeFactory;
    private readonly MetricsEndpoint _metrics;
    private MediaBridge? _mediaBridge;
    private bool _started;

    private ServerHost(WebApplication app, TextWriter output, TextWriter error, ServerHttpOptions http, BridgeOptions bridgeOptions,
        MemoryOptions memoryOptions, Func<IBridgeEventSink, ILoggerFactory, IBridgeControl>? bridgeFactory)
    {
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
        StatsEndpoint.Map(app, Focus, () => _mediaBridge, statsAccess);
        _metrics = MetricsEndpoint.Map(app, metricsAccess, Focus);
        _ = new ServerMetrics(app.Services.GetRequiredService<AdmissionControl>(), app.Services.GetRequiredService<AdmissionCounters>(),
            statsAccess, metricsAccess, app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        ReadyEndpoint.Map(app, () => _mediaBridge);
        _memoryTrimmer = new MemoryTrimmer(() => Focus.GetSnapshot().Participants, HeapGarbage.Bytes, memoryOptions, TimeProvider.System,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ScaleMeet.Server.Memory"));
        _ = new MemoryMetrics(_memoryTrimmer, app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    private readonly MemoryTrimmer _memoryTrimmer;

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

        problem = http.Validate() ?? focusOptions.Validate() ?? bridgeOptions.Validate() ?? memoryOptions.Validate() ?? authOptions.Validate();
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
        ConfigurePipeline(app, http);
        exitCode = 0;
        return new ServerHost(app, output, error, http, bridgeOptions, memoryOptions, bridgeFactory);
    }

    /// <summary>Starts the bridge, then Kestrel, and prints where to go. Returns 0, or 1 after one line on stderr.</summary>
    public async Task<int> StartAsync(CancellationToken cancellationToken = default)
    {
        var loggers = _app.Services.GetRequiredService<ILoggerFactory>();
        IBridgeControl bridge;
        if (_bridgeFactory is null)
        {
            _mediaBridge = new MediaBridge("local", _bridgeOptions, Focus, loggers, TimeProvider.System,
                _app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
            try
            {
                _mediaBridge.Start();
            }
            catch (InvalidOperationException ex)
            {
                _error.WriteLine($"scalemeet: error: cannot start the media bridge on UDP port {_bridgeOptions.UdpPort}: {ex.Message}");
                return 1;
            }

            bridge = _mediaBridge;
        }
        else
        {
            bridge = _bridgeFactory(Focus, loggers);
        }

        Focus.RegisterBridge(bridge);
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
        _output.WriteLine($"ScaleMeet is running: open http://{host}:{HttpPort}/<room>");
        if (HttpsPort is { } https)
        {
            _output.WriteLine($"                  or: open https://{host}:{https}/<room>");
        }

        return 0;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (_mediaBridge is not null)
        {
            await _mediaBridge.DisposeAsync().ConfigureAwait(false);
        }

        _memoryTrimmer.Dispose();
        _metrics.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void ConfigurePipeline(WebApplication app, ServerHttpOptions http)
    {
        var webRoot = http.WebRoot ?? Path.Combine(AppContext.BaseDirectory, "wwwroot");
        IFileProvider files = Directory.Exists(webRoot) ? new PhysicalFileProvider(Path.GetFullPath(webRoot)) : new NullFileProvider();
        if (!files.GetFileInfo("index.html").Exists)
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
        string[] known = [ServerHttpOptions.Section, FocusOptions.Section, BridgeOptions.Section, MemoryOptions.Section, AuthOptions.Section];
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
