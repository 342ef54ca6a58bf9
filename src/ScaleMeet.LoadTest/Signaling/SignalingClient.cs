using System.Net.WebSockets;
using System.Threading.Channels;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.LoadTest.Net;

namespace ScaleMeet.LoadTest.Signaling;

/// <summary>
/// The browser's side of the signaling protocol (docs/protocol.md) over a real WebSocket: typed messages out,
/// decoded messages in (a bounded channel, read by one consumer). A message the server sends that does not
/// decode is kept as an <see cref="ErrorMessage"/> with code <c>malformed</c>, so the reader sees it.
/// </summary>
public sealed class SignalingClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<SignalingMessage> _received = Channel.CreateBounded<SignalingMessage>(1024);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private int _nextRequestId;

    private SignalingClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Messages from the server, in order. Completes when the connection closes.</summary>
    public ChannelReader<SignalingMessage> Messages => _received.Reader;

    /// <summary>Connects to <c>/signaling</c> of the server at <paramref name="serverBase"/> (http or https).</summary>
    public static async Task<SignalingClient> ConnectAsync(Uri serverBase, CancellationToken cancellationToken = default)
    {
        var builder = new UriBuilder(serverBase)
        {
            Scheme = serverBase.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = SignalingProtocol.Path,
        };
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(builder.Uri, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SignalingClient(socket);
    }

    /// <summary>Sends a message with a fresh request id; returns the id.</summary>
    public async Task<int> SendAsync(SignalingMessage message, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextRequestId);
        var bytes = SignalingCodec.Encode(message with { RequestId = id });
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }

        return id;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[SignalingCodec.MaxMessageBytes];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var (outcome, length) = await WebSocketMessages.ReceiveAsync(_socket, buffer, _stop.Token).ConfigureAwait(false);
                if (outcome == WebSocketMessageOutcome.Closed)
                {
                    break;
                }

                var message = SignalingCodec.TryDecode(buffer.AsSpan(0, length), out var decoded, out var error) ? decoded! : error!;
                await _received.Writer.WriteAsync(message, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await WebSocketMessages.CloseQuietlyAsync(_socket).ConfigureAwait(false);

        await _stop.CancelAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
