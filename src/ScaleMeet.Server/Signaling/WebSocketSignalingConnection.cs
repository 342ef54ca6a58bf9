using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus;

namespace ScaleMeet.Server.Signaling;

/// <summary>
/// A browser's signaling WebSocket as the focus sees it. <see cref="SendAsync"/> only queues into a bounded
/// channel; one writer task (<see cref="RunWriterAsync"/>) encodes and sends. A browser that lets the queue fill up
/// is disconnected rather than slowing the focus down. <see cref="Close"/> lets the queue drain, then sends the
/// close frame; if the peer has not finished the close handshake within the grace period, <see cref="Aborted"/>
/// fires so the receive loop gives up.
/// </summary>
internal sealed class WebSocketSignalingConnection : ISignalingConnection, IDisposable
{
    private static readonly TimeSpan CloseGracePeriod = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly Channel<SignalingMessage> _queue;
    private readonly CancellationTokenSource _abort = new();
    private readonly object _gate = new();
    private string? _closeReason;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;

    public WebSocketSignalingConnection(WebSocket socket, int queueCapacity)
    {
        _socket = socket;
        _queue = Channel.CreateBounded<SignalingMessage>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Cancelled when the connection must end now (close handshake timed out).</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>True once this side began closing (the focus, the server, a full queue): the end is not a network drop.</summary>
    public bool Closing
    {
        get
        {
            lock (_gate)
            {
                return _closeReason is not null;
            }
        }
    }

    public ValueTask SendAsync(SignalingMessage message)
    {
        if (!_queue.Writer.TryWrite(message))
        {
            Close("the client is not reading its messages", WebSocketCloseStatus.PolicyViolation);
        }

        return ValueTask.CompletedTask;
    }

    public void Close(string reason) => Close(reason, null);

    /// <summary>Closes with a specific status (the first close wins).</summary>
    public void Close(string reason, WebSocketCloseStatus? status)
    {
        lock (_gate)
        {
            if (_closeReason is not null)
            {
                return;
            }

            _closeReason = reason;
            _closeStatus = status ?? _closeStatus;
        }

        _queue.Writer.TryComplete();
        try
        {
            _abort.CancelAfter(CloseGracePeriod);
        }
        catch (ObjectDisposedException)
        {
            // The connection is already over.
        }
    }

    /// <summary>The status the next <see cref="Close(string)"/> uses.</summary>
    public void SetCloseStatus(WebSocketCloseStatus status)
    {
        lock (_gate)
        {
            if (_closeReason is null)
            {
                _closeStatus = status;
            }
        }
    }

    /// <summary>Sends queued messages until <see cref="Close"/>, then the close frame.</summary>
    public async Task RunWriterAsync()
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(_abort.Token).ConfigureAwait(false))
            {
                var bytes = SignalingCodec.Encode(message);
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, CloseDescription(_closeReason), _abort.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            _socket.Abort();
        }
        finally
        {
            _queue.Writer.TryComplete();
        }
    }

    public void Dispose() => _abort.Dispose();

    // A close frame's reason is at most 123 bytes of UTF-8.
    private static string CloseDescription(string? reason)
    {
        reason ??= "closed";
        if (Encoding.UTF8.GetByteCount(reason) <= 123)
        {
            return reason;
        }

        var cut = reason.Length;
        while (Encoding.UTF8.GetByteCount(reason.AsSpan(0, cut)) > 120)
        {
            cut--;
        }

        if (cut > 0 && char.IsHighSurrogate(reason[cut - 1]))
        {
            cut--;
        }

        return reason[..cut] + "…";
    }
}
