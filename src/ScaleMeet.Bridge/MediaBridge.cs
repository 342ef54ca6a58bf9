using System.Diagnostics.Metrics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ScaleMeet.Bridge.Control;
using ScaleMeet.Bridge.Loop;
using ScaleMeet.Bridge.Net;
using ScaleMeet.Bridge.Relay;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Stats;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Bridge;

/// <summary>
/// The SFU. The focus drives it only through <see cref="IBridgeControl"/>; events go to the sink.
/// Control requests are served by a <see cref="RequestProcessor"/>: SDP is parsed and negotiated on the caller's
/// thread, and only compiled changes are carried onto the media loop, which owns all state (subscribe offers are
/// written off it too). Statistics are sampled on the loop and read from any thread through <see cref="GetStats"/>;
/// meters <c>ScaleMeet.Bridge</c> and <c>ScaleMeet.Jitsi</c> publish them and are disposed with the bridge.
/// </summary>
public sealed class MediaBridge : IBridgeControl, IAsyncDisposable
{
    private readonly BridgeOptions _options;
    private readonly IBridgeEventSink _events;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly ICpuTimeSource _cpu;
    private readonly BridgeFlags _flags = new();
    private readonly BridgeMetrics _metrics;
    private readonly JitsiMetrics _jitsiMetrics;
    private readonly DtlsMetrics _dtlsMetrics;
    private MediaSocket? _socket;
    private MediaSocket? _relaySocket;
    private MediaLoop? _loop;
    private MediaRouter? _router;
    private RequestProcessor? _requests;
    private int _disposed;

    /// <summary>The loop must have ticked within this time for the bridge to count as healthy.</summary>
    private static readonly TimeSpan HealthyTickAge = TimeSpan.FromSeconds(2);

    /// <param name="meterScope">
    /// The <see cref="Meter.Scope"/> of the bridge's meters: a host's collector takes only its own scope's meters (and
    /// unscoped ones), so several hosts in one process (tests) keep their figures apart. Null: unscoped.
    /// </param>
    public MediaBridge(string bridgeId, BridgeOptions options, IBridgeEventSink events, ILoggerFactory loggerFactory, TimeProvider time,
        object? meterScope = null)
        : this(bridgeId, options, events, loggerFactory, time, ProcessCpuTimeSource.Instance, meterScope)
    {
    }

    /// <summary>As the public constructor, with the CPU time the stress measurement reads (tests pass a fake).</summary>
    internal MediaBridge(string bridgeId, BridgeOptions options, IBridgeEventSink events, ILoggerFactory loggerFactory, TimeProvider time, ICpuTimeSource cpu,
        object? meterScope = null)
    {
        var problem = options.Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        BridgeId = bridgeId;
        _options = options;
        _events = events;
        _loggers = loggerFactory;
        _time = time;
        _cpu = cpu;
        _metrics = new BridgeMetrics(GetStats, meterScope);
        NegotiationMetrics.AddTo(_metrics.Meter, () => _router, () => _requests);
        BudgetMetrics.Register(_metrics.Meter, () => _router?.Budgets);
        RelayMetrics.Register(_metrics.Meter, () => _router?.Relays);
        _jitsiMetrics = new JitsiMetrics(GetStats, meterScope);
        _dtlsMetrics = new DtlsMetrics(() => _router?.DtlsPool, meterScope);
    }

    public string BridgeId { get; }

    /// <summary>
    /// Draining: the focus should place no new conferences here; existing ones continue. Published in the statistics
    /// (nothing else acts on it yet). Any thread.
    /// </summary>
    public bool Draining
    {
        get => _flags.Draining;
        set => _flags.Draining = value;
    }

    /// <summary>Shutting down: the focus should move everyone away. Published in the statistics only for now. Any thread.</summary>
    public bool ShuttingDown
    {
        get => _flags.ShuttingDown;
        set => _flags.ShuttingDown = value;
    }

    /// <summary>The meter of <c>scalemeet_bridge_*</c> instruments (for tests that listen to this bridge only).</summary>
    internal System.Diagnostics.Metrics.Meter Meter => _metrics.Meter;

    /// <summary>The meter of <c>jitsi_*</c> instruments.</summary>
    internal System.Diagnostics.Metrics.Meter JitsiMeter => _jitsiMetrics.Meter;

    /// <summary>The DTLS handshake pool, once started (tests read its counters directly).</summary>
    internal DtlsHandshakePool? DtlsPool => _router?.DtlsPool;

    /// <summary>The meter of <c>scalemeet_bridge_dtls_*</c> instruments.</summary>
    internal System.Diagnostics.Metrics.Meter DtlsMeter => _dtlsMetrics.Meter;

    /// <summary>
    /// The latest statistics (sampled every <see cref="StressOptions.SampleInterval"/> on the media loop), with the
    /// health and the draining / shutting-down flags as of now. Any thread; never blocks.
    /// </summary>
    public BridgeStats GetStats()
    {
        var router = _router;
        var stats = router?.Stats.Latest ?? BridgeStats.Empty with { AverageParticipantStress = _options.Stress.AverageParticipantStress };
        var lastTick = router?.Stats.LastTickAt ?? 0;
        var healthy = router is not null && Volatile.Read(ref _disposed) == 0 && lastTick != 0 && _time.GetElapsedTime(lastTick) <= HealthyTickAge;
        var draining = _flags.Draining;
        var shuttingDown = _flags.ShuttingDown;
        return stats.Healthy == healthy && stats.Draining == draining && stats.ShuttingDown == shuttingDown
            ? stats
            : stats with { Healthy = healthy, Draining = draining, ShuttingDown = shuttingDown };
    }

    /// <summary>The addresses its ICE candidates name (advertised, or every local IPv4 one); empty before <see cref="Start"/>.</summary>
    public IReadOnlyList<IPEndPoint> MediaAddresses => _router?.Candidates ?? [];

    /// <summary>
    /// Removes every endpoint of every conference without telling the focus (a focus that registered this bridge anew
    /// knows none of them). Returns how many endpoints went.
    /// </summary>
    public async Task<int> CloseAllEndpointsAsync()
    {
        if (_loop is null || _router is null || Volatile.Read(ref _disposed) != 0)
        {
            return 0;
        }

        var router = _router;
        return await _loop.InvokeAsync(() =>
        {
            var count = router.EndpointCount;
            router.CloseAll();
            return count;
        }).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    /// <summary>Where other bridges reach this one's relay port (advertised in hello); null without relays or before <see cref="Start"/>.</summary>
    public IPEndPoint? RelayAddress { get; private set; }

    /// <summary>The bound media port (useful when configured as 0 in tests).</summary>
    public int UdpPort => _socket?.LocalEndPoint.Port ?? 0;

    /// <summary>Binds the media socket and starts the loop. Throws <see cref="InvalidOperationException"/> with a clear message when the port is taken.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            return;
        }

        _socket = new MediaSocket(IPAddress.Parse(_options.BindAddress), _options.UdpPort);
        if (_options.Relay.Enabled == true)
        {
            _relaySocket = new MediaSocket(IPAddress.Parse(_options.BindAddress), _options.Relay.Port, purpose: "relay", setting: "ScaleMeet:Bridge:Relay:Port");
        }

        var certificate = DtlsCertificate.Generate();
        var candidates = CandidateAddresses(_options, _socket.LocalEndPoint.Port);
        _router = new MediaRouter(BridgeId, _options, _socket, certificate, _events, _time, _loggers.CreateLogger("ScaleMeet.Bridge"), _cpu)
        {
            Candidates = candidates,
            Flags = _flags,
            RelaySocket = _relaySocket,
        };
        if (_relaySocket is not null)
        {
            var relayHost = _options.Relay.AdvertiseAddress is { } advertised ? IPAddress.Parse(advertised) : candidates[0].Address;
            RelayAddress = new IPEndPoint(relayHost, _relaySocket.LocalEndPoint.Port);
        }

        _loop = new MediaLoop(_socket, _router, _time, _loggers.CreateLogger("ScaleMeet.Bridge.Loop"),
            new LoopTimings(_metrics.LoopIterationSeconds, _time.TimestampFrequency), _relaySocket);
        _router.Loop = _loop;
        _requests = new RequestProcessor(_loop, _router, _options.Negotiation, _loggers.CreateLogger("ScaleMeet.Bridge.Negotiation"));
        _loop.Start();
    }

    /// <summary>The media loop, for tests that hold it or run on it; null before <see cref="Start"/>.</summary>
    internal MediaLoop? Loop => _loop;

    /// <summary>The router (loop thread only, except its counters); null before <see cref="Start"/>.</summary>
    internal MediaRouter? Router => _router;

    /// <summary>The control request processor; null before <see cref="Start"/>.</summary>
    internal RequestProcessor? Requests => _requests;

    /// <summary>Counts of live state, for health pages and for tests that assert state is freed.</summary>
    public async Task<BridgeSnapshot> GetSnapshotAsync()
    {
        if (_loop is null || _router is null)
        {
            return new BridgeSnapshot(0, 0, 0, 0, 0);
        }

        var router = _router;
        return await _loop.InvokeAsync(() => new BridgeSnapshot(router.ConferenceCount, router.EndpointCount, router.LargestConference, router.TransportCount, router.AddressCount))
            .WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    /// <summary>Every relay this bridge holds now, read on the media loop; empty before <see cref="Start"/>.</summary>
    public async Task<IReadOnlyList<RelayStats>> GetRelaysAsync()
    {
        if (_loop is null || _router is null || Volatile.Read(ref _disposed) != 0)
        {
            return [];
        }

        var relays = _router.Relays;
        return await _loop.InvokeAsync(() => relays.Relays
            .Select(r => new RelayStats(r.Conference?.Id ?? "", r.EndpointId, r.RelayId, r.RemoteEndPoint.ToString(), r.IsConnected,
                r.Consent.RoundTrip.TotalMilliseconds, r.PacketsSent, r.BytesSent, r.PacketsReceived, r.BytesReceived))
            .OrderBy(r => r.ConferenceId, StringComparer.Ordinal).ThenBy(r => r.EndpointId, StringComparer.Ordinal)
            .ToArray()).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    /// <summary>Synchronous <see cref="GetSnapshotAsync"/>, for tests.</summary>
    public BridgeSnapshot GetSnapshot() => GetSnapshotAsync().GetAwaiter().GetResult();

    /// <summary>What the budgets and bounds refused (live, approximate while media flows); null before <see cref="Start"/>.</summary>
    internal BudgetCounters? Budgets => _router?.Budgets;

    /// <summary>Packet counters (approximate when read while media flows).</summary>
    public BridgePacketStats GetPacketStats()
    {
        var c = _router?.Counters ?? new BridgeCounters();
        return new BridgePacketStats(c.RtpReceived, c.RtpSent, c.RtxSent, c.MalformedDropped + c.SrtpDropped + c.UnknownSourceDropped + c.StunDropped, c.KeyframeRequestsSent, c.TransportFeedbackReceived, c.PaddingSent);
    }

    public async Task<BridgeReply> SendAsync(BridgeRequest request, CancellationToken cancellationToken)
    {
        var requests = _requests;
        if (requests is null || Volatile.Read(ref _disposed) != 0)
        {
            return new BridgeErrorReply(BridgeErrorCodes.ShuttingDown, "the bridge is not running");
        }

        try
        {
            // The caller may stop waiting; the request still runs to its end, so the endpoint's next one stays in order.
            return await requests.SendAsync(request).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new BridgeErrorReply(BridgeErrorCodes.Internal, $"{request.GetType().Name} failed: {ex.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _metrics.Dispose();
        _jitsiMetrics.Dispose();
        _dtlsMetrics.Dispose();

        if (_loop is not null && _router is not null)
        {
            var router = _router;
            try
            {
                await _loop.InvokeAsync(() =>
                {
                    router.CloseAll();
                    return true;
                }).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }

            _loop.Dispose();
            router.DtlsPool.Dispose();
        }

        _socket?.Dispose();
        _relaySocket?.Dispose();
    }

    private static IReadOnlyList<IPEndPoint> CandidateAddresses(BridgeOptions options, int port)
    {
        if (options.AdvertiseAddresses.Count > 0)
        {
            return options.AdvertiseAddresses.Select(a => new IPEndPoint(IPAddress.Parse(a), port)).ToArray();
        }

        var bind = IPAddress.Parse(options.BindAddress);
        if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
        {
            return [new IPEndPoint(bind, port)];
        }

        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up || n.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .OrderBy(a => IPAddress.IsLoopback(a) ? 1 : 0)
            .Select(a => new IPEndPoint(a, port))
            .ToArray();
        return addresses.Length > 0 ? addresses : [new IPEndPoint(IPAddress.Loopback, port)];
    }
}

/// <summary>What a bridge holds right now.</summary>
public sealed record BridgeSnapshot(int Conferences, int Endpoints, int LargestConference, int Transports, int RemoteAddresses);

/// <summary>Packet counters since start.</summary>
public sealed record BridgePacketStats(long RtpReceived, long RtpSent, long RtxSent, long Dropped, long KeyframeRequestsSent, long TransportFeedbackReceived, long PaddingSent);
