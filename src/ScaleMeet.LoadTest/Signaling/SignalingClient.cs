using System.Net;
using System.Net.Sockets;
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
    private readonly HttpMessageInvoker? _invoker;
    private readonly Channel<SignalingMessage> _received = Channel.CreateBounded<SignalingMessage>(1024);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private int _nextRequestId;

    private SignalingClient(ClientWebSocket socket, HttpMessageInvoker? invoker)
    {
        _socket = socket;
        _invoker = invoker;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Messages from the server, in order. Completes when the connection closes.</summary>
    public ChannelReader<SignalingMessage> Messages => _received.Reader;

    /// <summary>The close status the server sent, once <see cref="Messages"/> completed because it closed; else null.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>The reason text of the server's close frame, or null.</summary>
    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    /// <summary>Connects to <c>/signaling</c> of the server at <paramref name="serverBase"/> (http or https).</summary>
    public static Task<SignalingClient> ConnectAsync(Uri serverBase, CancellationToken cancellationToken = default) =>
        ConnectAsync(serverBase, localAddress: null, cancellationToken);

    /// <summary>
    /// Connects from <paramref name="localAddress"/> (null: the system's choice), e.g. one of 127.0.0.0/8 so that
    /// several clients on one machine count as different addresses. The server's host name is resolved to an address
    /// of the same family.
    /// </summary>
    public static async Task<SignalingClient> ConnectAsync(Uri serverBase, IPAddress? localAddress, CancellationToken cancellationToken = default)
    {
        var builder = new UriBuilder(serverBase)
        {
            Scheme = serverBase.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = SignalingProtocol.Path,
        };
        var socket = new ClientWebSocket();

        // The invoker (and its handler) live as long as the connection; they are disposed with it.
        var invoker = localAddress is null ? null
            : new HttpMessageInvoker(new SocketsHttpHandler { ConnectCallback = (context, ct) => ConnectFromAsync(localAddress, context.DnsEndPoint, ct) });
        try
        {
            if (invoker is null)
            {
                await socket.ConnectAsync(builder.Uri, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(builder.Uri, invoker, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            socket.Dispose();
            invoker?.Dispose();
            throw;
        }

        return new SignalingClient(socket, invoker);
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress localAddress, DnsEndPoint server, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(server.Host, localAddress.AddressFamily, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(localAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(localAddress, 0));
            await socket.ConnectAsync(addresses, server.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
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
        _invoker?.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
