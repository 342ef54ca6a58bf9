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
    private const int MaxDatagram = 2048;
    private const int BatchSize = 64;
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>How long an idle loop waits for a datagram before it looks at its commands and timers.</summary>
    private const int PollMicroseconds = 5_000;

    private readonly MediaSocket _socket;
    private readonly IMediaHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly Thread _thread;
    private readonly byte[] _receiveBuffer = GC.AllocateArray<byte>(MaxDatagram, pinned: true);
    private readonly SocketAddress _from;
    private volatile bool _stopping;
    private long _lastTick;

    public MediaLoop(MediaSocket socket, IMediaHandler handler, TimeProvider time, ILogger log)
    {
        _log = log;
        _socket = socket;
        _handler = handler;
        _time = time;
        _from = new SocketAddress(socket.AddressFamily);
        _thread = new Thread(Run) { IsBackground = true, Name = "scalemeet-media" };
    }

    public int ManagedThreadId => _thread.ManagedThreadId;

    public void Start() => _thread.Start();

    /// <summary>Runs <paramref name="action"/> on the loop thread, soon. Thread-safe.</summary>
    public void Post(Action action) => _commands.Enqueue(action);

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
            if (_socket.WaitReadable(PollMicroseconds))
            {
                for (var i = 0; i < BatchSize; i++)
                {
                    var length = _socket.Receive(_receiveBuffer, _from);
                    if (length < 0)
                    {
                        return;
                    }

                    if (length > 0)
                    {
                        _handler.OnDatagram(_receiveBuffer.AsSpan(0, length), _from);
                    }

                    if (!_socket.HasData)
                    {
                        break;
                    }
                }
            }

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
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive && Environment.CurrentManagedThreadId != _thread.ManagedThreadId)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }
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

    /// <summary>Every 20 ms or so: timers (consent, RTCP reports, keyframe retries).</summary>
    void OnTick();
}
