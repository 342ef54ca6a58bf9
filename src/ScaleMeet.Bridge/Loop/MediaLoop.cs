using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ScaleMeet.Bridge.Net;

namespace ScaleMeet.Bridge.Loop;

/// <summary>
/// The worker loop that owns all media state. Threading rule: every conference, endpoint, transport,
/// producer and consumer is touched only on this loop's thread. Other threads (control requests,
/// DTLS handshake threads) hand work over with <see cref="Post"/> or <see cref="InvokeAsync{T}"/>.
/// One loop serves the whole bridge for now; conferences will be spread over one loop per core.
/// </summary>
internal sealed class MediaLoop : IDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    private readonly MediaSocket _socket;
    private readonly MediaSocket? _relaySocket;
    private readonly IMediaHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly Thread _thread;
    private readonly SocketAddress _from;
    private readonly LoopWaker _waker;
    private volatile bool _stopping;
    private long _lastTick;

    /// <param name="relaySocket">The relay port's socket, read by the same loop (its datagrams go to <see cref="IMediaHandler.OnRelayDatagram"/>); null without relays.</param>
    public MediaLoop(MediaSocket socket, IMediaHandler handler, TimeProvider time, ILogger log, LoopTimings? timings = null, MediaSocket? relaySocket = null)
    {
        _relaySocket = relaySocket;
        _log = log;
        Timings = timings ?? new LoopTimings(null, time.TimestampFrequency);
        _socket = socket;
        _handler = handler;
        _time = time;
        _from = new SocketAddress(socket.AddressFamily);
        _waker = new LoopWaker(socket.LocalEndPoint);
        _thread = new Thread(Run) { IsBackground = true, Name = "scalemeet-media" };
    }

    public int ManagedThreadId => _thread.ManagedThreadId;

    /// <summary>How long each iteration took (the worst per statistics sample, and a histogram).</summary>
    public LoopTimings Timings { get; }

    public void Start() => _thread.Start();

    /// <summary>Runs <paramref name="action"/> on the loop thread, soon. Thread-safe.</summary>
    public void Post(Action action)
    {
        _commands.Enqueue(action);
        _waker.Wake();
    }

    /// <summary>Runs <paramref name="func"/> on the loop thread and returns its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> func)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                done.SetResult(func());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    private void Run()
    {
        while (!_stopping)
        {
            // Sleep until a datagram, a command (the waker's datagram) or the next tick: an idle bridge wakes 50 times a second.
            var untilTick = TickInterval - _time.GetElapsedTime(_lastTick);
            // poll(2) counts whole milliseconds: round up, or a sub-millisecond wait would spin until the tick.
            var waitMicroseconds = (int)Math.Clamp(Math.Ceiling(untilTick.TotalMilliseconds), 0, TickInterval.TotalMilliseconds) * 1000;
            bool readable, relayReadable = false;
            if (_relaySocket is null)
            {
                readable = _socket.WaitReadable(waitMicroseconds);
            }
            else
            {
                _socket.WaitReadable(_relaySocket, waitMicroseconds / 1000, out readable, out relayReadable);
            }

            // The iteration's work is timed from here (awake) to the last flush (about to sleep again).
            var woke = _time.GetTimestamp();
            if (readable && !Drain(_socket, relay: false))
            {
                return;
            }

            if (relayReadable && !Drain(_relaySocket!, relay: true))
            {
                return;
            }

            _waker.Rearm();
            while (_commands.TryDequeue(out var command))
            {
                try
                {
                    command();
                }
                catch (Exception ex)
                {
                    // A failing command is a bug; it must not stop media for everyone else.
                    LoopLog.CommandFailed(_log, ex);
                }
            }

            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_lastTick, now) >= TickInterval)
            {
                _lastTick = now;
                try
                {
                    _handler.OnTick();
                }
                catch (Exception ex)
                {
                    LoopLog.CommandFailed(_log, ex);
                }
            }

            _socket.Flush();
            _relaySocket?.Flush();
            Timings.Record(_time.GetTimestamp() - woke);
        }
    }

    /// <summary>Up to two batches from <paramref name="socket"/> before commands and ticks get their turn; every batch's sends leave together. False when the socket closed.</summary>
    private bool Drain(MediaSocket socket, bool relay)
    {
        for (var round = 0; round < 2; round++)
        {
            var count = socket.ReceiveBatch();
            if (count < 0)
            {
                return false;
            }

            for (var i = 0; i < count; i++)
            {
                var datagram = socket.GetReceived(i, _from);
                if (datagram.Length == 0)
                {
                    continue;
                }

                if (relay)
                {
                    _handler.OnRelayDatagram(datagram, _from);
                }
                else if (!_waker.IsWakeUp(_from))
                {
                    _handler.OnDatagram(datagram, _from);
                }
            }

            // Media sent in answer to relay datagrams (and the other way round) leaves with this batch.
            _socket.Flush();
            _relaySocket?.Flush();
            if (count < MediaSocket.BatchSize)
            {
                break;
            }
        }

        return true;
    }

    public void Dispose()
    {
        _stopping = true;
        _waker.Wake();
        if (_thread.IsAlive && Environment.CurrentManagedThreadId != _thread.ManagedThreadId)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        _waker.Dispose();
    }
}

internal static partial class LoopLog
{
    [LoggerMessage(1, LogLevel.Error, "A media loop command failed")]
    public static partial void CommandFailed(ILogger logger, Exception exception);
}

/// <summary>What the loop drives. Called only on the loop thread.</summary>
internal interface IMediaHandler
{
    /// <summary>One received datagram; <paramref name="from"/> is reused by the next call (copy it to keep it).</summary>
    void OnDatagram(Span<byte> datagram, SocketAddress from);

    /// <summary>One datagram from the relay port; <paramref name="from"/> is reused by the next call.</summary>
    void OnRelayDatagram(Span<byte> datagram, SocketAddress from);

    /// <summary>Every 20 ms or so: timers (consent, RTCP reports, keyframe retries).</summary>
    void OnTick();
}
