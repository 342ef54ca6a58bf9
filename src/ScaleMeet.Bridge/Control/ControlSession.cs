using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Control;

/// <summary>
/// The bridge's side of one control channel, from <c>hello</c> until the channel ends: requests go to the
/// <see cref="MediaBridge"/> in arrival order (so each endpoint's stay in order) and their replies come back as they
/// finish; events leave from a bounded queue, so the media loop that raises them never waits for the focus; a
/// heartbeat carries the bridge's statistics every interval the focus asked for. A message that cannot be read gets
/// an <c>error</c> reply and the channel stays up.
/// Threading: <see cref="TryPost"/> from any thread; everything else on the session's own tasks.
/// </summary>
internal sealed class ControlSession
{
    private readonly IControlChannel _channel;
    private readonly ControlAgentOptions _options;
    private readonly MediaBridge _bridge;
    private readonly int? _httpPort;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Channel<BridgeEvent> _events;
    private readonly ReplyCache _replies;
    private readonly CancellationTokenSource _end = new();
    private long _nextId;
    private string? _endReason;

    public ControlSession(IControlChannel channel, ControlAgentOptions options, MediaBridge bridge, int? httpPort, ILogger log, TimeProvider time)
    {
        _httpPort = httpPort;
        _channel = channel;
        _options = options;
        _bridge = bridge;
        _log = log;
        _time = time;
        _events = Channel.CreateBounded<BridgeEvent>(new BoundedChannelOptions(options.MaxQueuedEvents) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _replies = new ReplyCache(options.RepliesRemembered);
    }

    /// <summary>Set once the focus said <c>welcome</c>.</summary>
    public WelcomeMessage? Welcome { get; private set; }

    /// <summary>Queues an event for the focus; false when the queue is full (the caller then ends the session).</summary>
    public bool TryPost(BridgeEvent bridgeEvent) => _events.Writer.TryWrite(bridgeEvent);

    /// <summary>Ends the session from outside (events overflowed, the bridge stops); the channel closes with the reason.</summary>
    public void End(string reason)
    {
        _endReason ??= reason;
        _end.Cancel();
    }

    /// <summary>
    /// Says hello, waits for the answer, then serves the channel until it ends. Returns the reason it ended, or a
    /// <see cref="RefusedMessage"/> when the focus refused the bridge. <paramref name="welcomed"/> runs once registered.
    /// </summary>
    public async Task<(string Reason, RefusedMessage? Refused)> RunAsync(Func<WelcomeMessage, Task> welcomed, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _end.Token);
        var token = linked.Token;
        try
        {
            var addresses = _bridge.MediaAddresses.Select(a => a.ToString()).ToArray();
            var hello = new HelloMessage(_options.BridgeId, _options.Region, _options.Version, addresses,
                _bridge.GetStats().AverageParticipantStress, ControlAuth.Create(_options.Secret, _options.BridgeId, _time), RelayAddress: _bridge.RelayAddress?.ToString(), HttpPort: _httpPort);
            await SendAsync(hello, null, token).ConfigureAwait(false);

            var first = await ReceiveFirstAsync(token).ConfigureAwait(false);
            switch (first)
            {
                case RefusedMessage refused:
                    return ($"refused: {refused.Reason}", refused);
                case WelcomeMessage welcome:
                    Welcome = welcome;
                    break;
                case null:
                    return (_endReason ?? "the focus closed the channel before answering hello", null);
                default:
                    return ($"the focus answered hello with '{first.GetType().Name}'", null);
            }

            await welcomed(Welcome).ConfigureAwait(false);
            var heartbeats = HeartbeatAsync(TimeSpan.FromMilliseconds(Welcome.HeartbeatIntervalMs), token);
            var events = WriteEventsAsync(token);
            var reason = await ReadAsync(token).ConfigureAwait(false);
            _end.Cancel();
            await Task.WhenAll(heartbeats, events).ConfigureAwait(false);
            return (_endReason ?? reason, null);
        }
        catch (OperationCanceledException)
        {
            return (_endReason ?? "stopped", null);
        }
        catch (ControlChannelClosedException ex)
        {
            return (_endReason ?? ex.Message, null);
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException)
        {
            return (_endReason ?? ex.Message, null);
        }
        finally
        {
            _events.Writer.TryComplete();
            await _channel.CloseAsync(_endReason ?? "bridge closed the session").ConfigureAwait(false);
        }
    }

    private async Task<ControlMessage?> ReceiveFirstAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.WelcomeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var bytes = await _channel.ReceiveAsync(linked.Token).ConfigureAwait(false);
            if (bytes is null)
            {
                return null;
            }

            if (!ControlCodec.TryDecode(bytes.Value.Span, out var envelope, out var error))
            {
                _endReason = $"unreadable answer to hello: {error!.Code} {error.Message}";
                return null;
            }

            return envelope!.Message;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _endReason = $"no answer to hello within {_options.WelcomeTimeout.TotalSeconds:0.#} s";
            return null;
        }
    }

    private async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var bytes = await _channel.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return "the focus closed the channel";
            }

            if (!ControlCodec.TryDecode(bytes.Value.Span, out var envelope, out var error))
            {
                ControlAgentLog.Undecodable(_log, _options.BridgeId, error!.Code, error.Message);
                await SendAsync(new BridgeErrorReply(error.Code, error.Message), error.Id, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (envelope!.Message is BridgeRequest request)
            {
                if (_options.ConferenceScope is { } scope)
                {
                    request = request with { ConferenceId = $"{scope}/{request.ConferenceId}" };
                }

                if (!_replies.TryGet(envelope.Id, out var reply))
                {
                    // Started here, in arrival order: the bridge keeps each endpoint's requests in that order.
                    reply = _bridge.SendAsync(request, CancellationToken.None);
                    _replies.Add(envelope.Id, reply);
                }

                _ = ReplyWhenDoneAsync(envelope.Id, reply, cancellationToken);
                continue;
            }

            var message = $"'{envelope.Message.GetType().Name}' is not a request a bridge serves";
            await SendAsync(new BridgeErrorReply(BridgeErrorCodes.UnknownType, message), envelope.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReplyWhenDoneAsync(long requestId, Task<BridgeReply> reply, CancellationToken cancellationToken)
    {
        try
        {
            var result = await reply.ConfigureAwait(false);
            await SendAsync(result, requestId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ControlChannelClosedException or System.Net.WebSockets.WebSocketException or IOException)
        {
            // The session ended; a focus that still wants the reply resends the request on its next channel.
        }
    }

    private async Task HeartbeatAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(interval, _time);
            do
            {
                await SendAsync(new HeartbeatMessage(Status(_bridge)), null, cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ControlChannelClosedException or System.Net.WebSockets.WebSocketException or IOException)
        {
        }
    }

    private async Task WriteEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var bridgeEvent in _events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await SendAsync(bridgeEvent, null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ControlChannelClosedException or System.Net.WebSockets.WebSocketException or IOException)
        {
        }
    }

    private ValueTask SendAsync(ControlMessage message, long? replyTo, CancellationToken cancellationToken)
    {
        var envelope = new ControlEnvelope(ControlProtocol.Version, Interlocked.Increment(ref _nextId), message, replyTo);
        return _channel.SendAsync(ControlCodec.Encode(envelope), cancellationToken);
    }

    /// <summary>What a heartbeat says of <paramref name="bridge"/> now.</summary>
    internal static BridgeStatus Status(MediaBridge bridge)
    {
        var s = bridge.GetStats();
        var state = s.ShuttingDown ? BridgeStates.ShuttingDown : s.Draining ? BridgeStates.Draining : BridgeStates.Running;
        return new BridgeStatus(state, s.Healthy, s.Stress, s.AverageParticipantStress, s.Participants, s.Conferences,
            s.BitrateInKbps, s.BitrateOutKbps, s.PacketRateIn, s.PacketRateOut, s.RttMilliseconds, s.LossIn, s.LossOut);
    }
}
