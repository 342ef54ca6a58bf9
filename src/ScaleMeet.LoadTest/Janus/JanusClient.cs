using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScaleMeet.LoadTest.Net;

namespace ScaleMeet.LoadTest.Janus;

/// <summary>
/// One Janus session over the Janus WebSocket API (subprotocol <c>janus-protocol</c>): requests carry a transaction
/// and complete with their reply (<c>success</c>, a plugin <c>event</c>, <c>error</c>; <c>ack</c> only for keepalive
/// and trickle); messages without a pending transaction (plugin events, <c>webrtcup</c>, <c>media</c>, <c>hangup</c>…)
/// go to the handle named by their <c>sender</c>. A keepalive goes out every <see cref="KeepaliveInterval"/> (Janus
/// drops a silent session after 60 s by default).
/// <para>Threading: one receive task completes transactions and routes events; requests may be sent from any thread.</para>
/// </summary>
public sealed class JanusClient : IAsyncDisposable
{
    /// <summary>Largest message accepted from Janus, bytes (an SDP offer for dozens of streams fits easily).</summary>
    public const int MaxMessageBytes = 1 << 20;

    /// <summary>Default keepalive period: well inside Janus's default 60 s session timeout.</summary>
    public static readonly TimeSpan KeepaliveInterval = TimeSpan.FromSeconds(25);

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, PendingRequest> _pending = new();
    private readonly ConcurrentDictionary<long, JanusHandle> _handles = new();
    private readonly string _transactionPrefix = RandomNumberGenerator.GetHexString(8, lowercase: true);
    private readonly Task _receiveLoop;
    private Timer? _keepalive;
    private long _nextTransaction;
    private long _unroutedEvents;

    private JanusClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The Janus session id, once <see cref="ConnectAsync"/> returned.</summary>
    public long SessionId { get; private set; }

    /// <summary>Events whose <c>sender</c> is no handle of ours (counted, then dropped).</summary>
    public long UnroutedEvents => Interlocked.Read(ref _unroutedEvents);

    /// <summary>Completes when the WebSocket closed or failed (Janus stopped, session timed out, disposal).</summary>
    public Task Closed => _receiveLoop;

    /// <summary>Opens the WebSocket to <paramref name="janusWs"/> (e.g. ws://10.234.1.2:8188) and creates a session.</summary>
    public static async Task<JanusClient> ConnectAsync(Uri janusWs, TimeSpan? keepaliveInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(janusWs);
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("janus-protocol");
        try
        {
            await socket.ConnectAsync(janusWs, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new JanusClient(socket);
        try
        {
            var created = await client.RequestAsync(new JsonObject { ["janus"] = "create" }, ackIsFinal: false, cancellationToken).ConfigureAwait(false);
            client.SessionId = created["data"]?["id"]?.GetValue<long>() ?? throw new JanusException(0, "create: the reply has no data.id");
            var period = keepaliveInterval ?? KeepaliveInterval;
            client._keepalive = new Timer(_ => client.SendKeepalive(), null, period, period);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Attaches to <paramref name="plugin"/> (e.g. <c>janus.plugin.videoroom</c>); its events go to the handle.</summary>
    public async Task<JanusHandle> AttachAsync(string plugin, CancellationToken cancellationToken = default)
    {
        var reply = await SessionRequestAsync(new JsonObject { ["janus"] = "attach", ["plugin"] = plugin }, cancellationToken).ConfigureAwait(false);
        var id = reply["data"]?["id"]?.GetValue<long>() ?? throw new JanusException(0, "attach: the reply has no data.id");
        var handle = new JanusHandle(this, id);
        _handles[id] = handle;
        return handle;
    }

    /// <summary>Destroys the session (Janus detaches its handles and hangs up their PeerConnections).</summary>
    public Task DestroySessionAsync(CancellationToken cancellationToken = default) =>
        SessionRequestAsync(new JsonObject { ["janus"] = "destroy" }, cancellationToken);

    /// <summary>Sends <paramref name="message"/> with session_id and a transaction; returns Janus's final reply.</summary>
    internal Task<JsonObject> SessionRequestAsync(JsonObject message, CancellationToken cancellationToken, bool ackIsFinal = false)
    {
        message["session_id"] = SessionId;
        return RequestAsync(message, ackIsFinal, cancellationToken);
    }

    internal void Forget(long handleId) => _handles.TryRemove(handleId, out _);

    private async Task<JsonObject> RequestAsync(JsonObject message, bool ackIsFinal, CancellationToken cancellationToken)
    {
        var transaction = _transactionPrefix + Interlocked.Increment(ref _nextTransaction).ToString(CultureInfo.InvariantCulture);
        message["transaction"] = transaction;
        var pending = new PendingRequest(ackIsFinal);
        _pending[transaction] = pending;
        try
        {
            await SendAsync(message, cancellationToken).ConfigureAwait(false);
            return await pending.Reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
        }
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void SendKeepalive()
    {
        // Fire and forget: a lost keepalive shows up as a closed socket or a session timeout, both visible in Closed.
        _ = SessionRequestAsync(new JsonObject { ["janus"] = "keepalive" }, _stop.Token, ackIsFinal: true)
            .ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[MaxMessageBytes];
        Exception? failure = null;
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var (outcome, length) = await WebSocketMessages.ReceiveAsync(_socket, buffer, _stop.Token).ConfigureAwait(false);
                if (outcome == WebSocketMessageOutcome.Closed)
                {
                    break;
                }

                if (outcome == WebSocketMessageOutcome.TooLarge)
                {
                    throw new JanusException(0, $"a message from Janus is larger than {MaxMessageBytes} bytes");
                }

                Dispatch(buffer.AsSpan(0, length));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or JanusException)
        {
            failure = ex;
        }
        finally
        {
            var closed = new JanusException(0, "the Janus WebSocket closed" + (failure is null or OperationCanceledException ? string.Empty : ": " + failure.Message));
            foreach (var pending in _pending.Values)
            {
                pending.Reply.TrySetException(closed);
            }

            foreach (var handle in _handles.Values)
            {
                handle.Complete();
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> json)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message?["janus"]?.GetValue<string>() is not { } kind)
        {
            Interlocked.Increment(ref _unroutedEvents);
            return;
        }

        var transaction = message["transaction"]?.GetValue<string>();
        if (transaction is not null && _pending.TryGetValue(transaction, out var pending))
        {
            switch (kind)
            {
                case "ack" when !pending.AckIsFinal:
                    return;
                case "error":
                    pending.Reply.TrySetException(JanusException.FromCoreError(message));
                    return;
                default:
                    pending.Reply.TrySetResult(message);
                    return;
            }
        }

        if (kind is "ack" or "success" or "error")
        {
            return; // a late reply to a request that was cancelled
        }

        var sender = message["sender"]?.GetValue<long>();
        if (sender is { } id && _handles.TryGetValue(id, out var handle))
        {
            handle.Post(new JanusEvent(kind, message));
        }
        else
        {
            Interlocked.Increment(ref _unroutedEvents);
        }
    }

    /// <summary>Stops the keepalive and closes the WebSocket (Janus then ends the session after its timeout; call
    /// <see cref="DestroySessionAsync"/> first to end it at once).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_keepalive is { } timer)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        await WebSocketMessages.CloseQuietlyAsync(_socket).ConfigureAwait(false);

        await _stop.CancelAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
    }

    private sealed class PendingRequest(bool ackIsFinal)
    {
        public bool AckIsFinal { get; } = ackIsFinal;

        public TaskCompletionSource<JsonObject> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
