using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Control;

/// <summary>
/// Keeps a bridge registered with one focus: dials it (<c>connect</c> gives a new channel: a WebSocket to
/// <c>/bridge</c>, or the all-in-one's in-memory pair), runs a <see cref="ControlSession"/> on it, and after the channel
/// ends or the focus refuses, dials again with exponential backoff (<see cref="ControlAgentOptions.ReconnectMinDelay"/>
/// doubling up to <see cref="ControlAgentOptions.ReconnectMaxDelay"/>; back to the minimum after a registration).
/// When it registers anew, the endpoints of the earlier registration are closed: the focus re-invited them elsewhere.
/// It is the bridge's event sink: events go to the current session's queue, never to the focus directly.
/// Owns its sessions; <see cref="DisposeAsync"/> ends the current one and stops dialing.
/// </summary>
public sealed class ControlAgent : IBridgeEventSink, IAsyncDisposable
{
    private readonly ControlAgentOptions _options;
    private readonly Func<CancellationToken, Task<IControlChannel>> _connect;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstRegistration = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ControlSession? _session;
    private Task? _run;
    private int _registrations;
    private long _eventsDropped;

    public ControlAgent(ControlAgentOptions options, Func<CancellationToken, Task<IControlChannel>> connect, ILoggerFactory loggers, TimeProvider time)
    {
        _options = options;
        _connect = connect;
        _log = loggers.CreateLogger("ScaleMeet.Bridge.Control");
        _time = time;
    }

    /// <summary>Completes when the focus first welcomed the bridge.</summary>
    public Task FirstRegistration => _firstRegistration.Task;

    /// <summary>True while a session is registered.</summary>
    public bool IsRegistered => _session?.Welcome is not null;

    /// <summary>How often the bridge was welcomed (1 after the first registration).</summary>
    public int Registrations => Volatile.Read(ref _registrations);

    /// <summary>The last refusal's reason, or null.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>Events raised while no session was registered (they belong to no registration and are dropped).</summary>
    public long EventsDropped => Interlocked.Read(ref _eventsDropped);

    /// <summary>
    /// Starts dialing; the agent serves <paramref name="bridge"/> from now on, and tells the focus that the bridge's own
    /// HTTP endpoints are on <paramref name="httpPort"/> (null: none of its own). Once.
    /// </summary>
    public void Start(MediaBridge bridge, int? httpPort = null)
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("the control agent is already started");
        }

        _run = RunAsync(bridge, httpPort, _stop.Token);
    }

    /// <summary>The scope of this agent's conferences on the bridge (see <see cref="ControlAgentOptions.ConferenceScope"/>).</summary>
    public string? ConferenceScope => _options.ConferenceScope;

    /// <summary>The id the bridge registers under.</summary>
    public string BridgeId => _options.BridgeId;

    /// <inheritdoc />
    public void OnBridgeEvent(string bridgeId, BridgeEvent bridgeEvent)
    {
        if (_options.ConferenceScope is { } scope && bridgeEvent.ConferenceId.StartsWith(scope + "/", StringComparison.Ordinal))
        {
            bridgeEvent = bridgeEvent with { ConferenceId = bridgeEvent.ConferenceId[(scope.Length + 1)..] };
        }

        var session = _session;
        if (session?.Welcome is null)
        {
            Interlocked.Increment(ref _eventsDropped);
            return;
        }

        if (!session.TryPost(bridgeEvent))
        {
            Interlocked.Increment(ref _eventsDropped);
            ControlAgentLog.EventsOverflowed(_log, _options.BridgeId, _options.MaxQueuedEvents);
            session.End($"more than {_options.MaxQueuedEvents} events waited for the focus");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _session?.End("the bridge stops");
        if (_run is not null)
        {
            await _run.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task RunAsync(MediaBridge bridge, int? httpPort, CancellationToken cancellationToken)
    {
        var delay = _options.ReconnectMinDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            var registered = false;
            try
            {
                var channel = await _connect(cancellationToken).ConfigureAwait(false);
                var session = new ControlSession(channel, _options, bridge, httpPort, _log, _time);
                _session = session;
                (reason, var refused) = await session.RunAsync(async welcome =>
                {
                    registered = true;
                    var count = Interlocked.Increment(ref _registrations);
                    ControlAgentLog.Registered(_log, _options.BridgeId, welcome.FocusId, welcome.HeartbeatIntervalMs);
                    if (count > 1)
                    {
                        var closed = await bridge.CloseAllEndpointsAsync().ConfigureAwait(false);
                        if (closed > 0)
                        {
                            ControlAgentLog.ClosedPrevious(_log, _options.BridgeId, closed);
                        }
                    }

                    _firstRegistration.TrySetResult();
                }, cancellationToken).ConfigureAwait(false);
                _session = null;
                await channel.DisposeAsync().ConfigureAwait(false);
                if (refused is not null)
                {
                    LastRefusal = refused.Reason;
                    ControlAgentLog.Refused(_log, _options.BridgeId, refused.Reason, refused.Message);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or System.Net.Http.HttpRequestException or ControlChannelClosedException)
            {
                reason = ex.Message;
                ControlAgentLog.ConnectFailed(_log, _options.BridgeId, ex.Message);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            delay = registered ? _options.ReconnectMinDelay : delay;
            ControlAgentLog.ChannelEnded(_log, _options.BridgeId, reason, (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }
    }
}
