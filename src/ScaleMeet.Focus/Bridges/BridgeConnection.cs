using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Focus.Bridges;

/// <summary>
/// The focus's side of one registered bridge's control channel: <see cref="IBridgeControl"/> over it (each request an
/// envelope with a fresh id, its reply matched by <c>replyTo</c>), and the reader that hands events to the focus,
/// heartbeats to the registry, and answers anything unreadable with an <c>error</c> while the channel stays up. The
/// bridge is Lost when the channel ends or no heartbeat arrived for <see cref="ControlOptions.MissedHeartbeats"/>
/// intervals; requests still waiting then get an <c>internal</c> error at once.
/// Threading: <see cref="SendAsync"/> from any thread; the reader and the liveness check run on their own tasks.
/// </summary>
internal sealed class BridgeConnection : IBridgeControl
{
    private readonly IControlChannel _channel;
    private readonly IBridgeEventSink _events;
    private readonly BridgeRegistry _registry;
    private readonly ControlOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<BridgeReply>> _pending = new();
    private readonly CancellationTokenSource _closed = new();
    private long _nextId;
    private long _lastHeartbeatAt;
    private string? _lostReason;

    public BridgeConnection(string bridgeId, IControlChannel channel, long firstId, IBridgeEventSink events, BridgeRegistry registry,
        ControlOptions options, ILogger log, TimeProvider time)
    {
        BridgeId = bridgeId;
        _channel = channel;
        _nextId = firstId;
        _events = events;
        _registry = registry;
        _options = options;
        _log = log;
        _time = time;
        _lastHeartbeatAt = time.GetTimestamp();
    }

    public string BridgeId { get; }

    /// <summary>Requests sent and not answered yet.</summary>
    public int Pending => _pending.Count;

    public async Task<BridgeReply> SendAsync(BridgeRequest request, CancellationToken cancellationToken)
    {
        if (_lostReason is { } lost)
        {
            return new BridgeErrorReply(BridgeErrorCodes.Internal, $"bridge {BridgeId} is lost: {lost}");
        }

        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<BridgeReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            await _channel.SendAsync(ControlCodec.Encode(new ControlEnvelope(ControlProtocol.Version, id, request, null)), cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ControlChannelClosedException ex)
        {
            return new BridgeErrorReply(BridgeErrorCodes.Internal, $"bridge {BridgeId}: {ex.Message}");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Serves the channel until it ends or the bridge stops sending heartbeats; returns why it ended.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var liveness = WatchHeartbeatsAsync(linked.Token);
        string reason;
        try
        {
            reason = await ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            reason = _lostReason ?? "the focus stops";
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ControlChannelClosedException)
        {
            reason = $"control channel failed: {ex.Message}";
        }

        Close(reason);
        await _channel.CloseAsync(reason).ConfigureAwait(false);
        await liveness.ConfigureAwait(false);
        return _lostReason ?? reason;
    }

    /// <summary>Ends the connection: waiting requests fail now, the reader stops. Idempotent.</summary>
    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _lostReason, reason, null) is not null)
        {
            return;
        }

        foreach (var (_, waiting) in _pending)
        {
            waiting.TrySetResult(new BridgeErrorReply(BridgeErrorCodes.Internal, $"bridge {BridgeId} is lost: {reason}"));
        }

        _closed.Cancel();
    }

    private async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var bytes = await _channel.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return "the bridge closed the control channel";
            }

            if (!ControlCodec.TryDecode(bytes.Value.Span, out var envelope, out var error))
            {
                BridgeControlLog.Undecodable(_log, BridgeId, error!.Code, error.Message);
                await ReplyAsync(new BridgeErrorReply(error.Code, error.Message), error.Id, cancellationToken).ConfigureAwait(false);
                continue;
            }

            switch (envelope!.Message)
            {
                case BridgeReply reply when envelope.ReplyTo is { } replyTo:
                    if (_pending.TryGetValue(replyTo, out var waiting))
                    {
                        waiting.TrySetResult(reply);
                    }

                    break;
                case BridgeErrorReply bridgeError:
                    // An error without replyTo: the bridge could not read something we sent. Logged, nothing waits for it.
                    BridgeControlLog.BridgeReportedError(_log, BridgeId, bridgeError.Code, bridgeError.Message);
                    break;
                case HeartbeatMessage heartbeat:
                    Volatile.Write(ref _lastHeartbeatAt, _time.GetTimestamp());
                    _registry.OnHeartbeat(this, heartbeat.Status);
                    break;
                case BridgeEvent bridgeEvent:
                    _events.OnBridgeEvent(BridgeId, bridgeEvent);
                    break;
                default:
                    var message = $"'{envelope.Message.GetType().Name}' is not something a bridge sends after hello";
                    await ReplyAsync(new BridgeErrorReply(BridgeErrorCodes.UnknownType, message), envelope.Id, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private ValueTask ReplyAsync(BridgeErrorReply reply, long? replyTo, CancellationToken cancellationToken) =>
        _channel.SendAsync(ControlCodec.Encode(new ControlEnvelope(ControlProtocol.Version, Interlocked.Increment(ref _nextId), reply, replyTo)), cancellationToken);

    private async Task WatchHeartbeatsAsync(CancellationToken cancellationToken)
    {
        var allowed = _options.HeartbeatInterval * _options.MissedHeartbeats;
        try
        {
            using var timer = new PeriodicTimer(_options.HeartbeatInterval / 4, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var silent = _time.GetElapsedTime(Volatile.Read(ref _lastHeartbeatAt));
                if (silent > allowed)
                {
                    Close($"no heartbeat for {silent.TotalSeconds:0.0} s ({_options.MissedHeartbeats} missed)");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
