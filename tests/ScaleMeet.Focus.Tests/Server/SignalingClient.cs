using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus.Tests.Server;

/// <summary>A browser stand-in: a real <see cref="ClientWebSocket"/> speaking the signaling protocol.</summary>
internal sealed class SignalingClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket = new();

    private HttpMessageInvoker? _invoker;

    public WebSocket Socket => _socket;

    public static async Task<SignalingClient> ConnectAsync(int port)
    {
        var client = new SignalingClient();
        using var cts = new CancellationTokenSource(Timeout);
        await client._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}{SignalingProtocol.Path}"), cts.Token);
        return client;
    }

    /// <summary>
    /// Starts connecting to 127.0.0.1:<paramref name="port"/> from <paramref name="from"/> (one of 127.0.0.0/8, so one
    /// machine can be several client addresses) with <c>Origin</c> and <c>X-Forwarded-For</c> headers when given.
    /// Returns the client whether or not the upgrade succeeded (<see cref="Connected"/>, <see cref="HttpStatus"/>).
    /// </summary>
    public static async Task<SignalingClient> TryConnectAsync(int port, IPAddress? from = null, string? origin = null, string host = "127.0.0.1",
        string? forwardedFor = null)
    {
        var client = new SignalingClient();
        client._socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            client._socket.Options.SetRequestHeader("Origin", origin);
        }

        if (forwardedFor is not null)
        {
            client._socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        }

        var local = from ?? IPAddress.Loopback;
        client._invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await client._socket.ConnectAsync(new Uri($"ws://{host}:{port}{SignalingProtocol.Path}"), client._invoker, cts.Token);
            client.Connected = true;
        }
        catch (WebSocketException)
        {
            client.Connected = false;
        }

        return client;
    }

    /// <summary>False when the server answered the upgrade with an HTTP status instead (<see cref="HttpStatus"/>).</summary>
    public bool Connected { get; private set; } = true;

    /// <summary>The HTTP status of the upgrade response (101 when it succeeded).</summary>
    public HttpStatusCode HttpStatus => _socket.HttpStatusCode;

    public Task SendAsync(SignalingMessage message) => SendBytesAsync(SignalingCodec.Encode(message), WebSocketMessageType.Text);

    public Task SendTextAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(bytes, type, endOfMessage: true, cts.Token);
    }

    /// <summary>The next message, which must decode to a <typeparamref name="T"/>.</summary>
    public async Task<T> ReceiveAsync<T>()
        where T : SignalingMessage
    {
        var (type, bytes) = await ReceiveRawAsync();
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.True(SignalingCodec.TryDecode(bytes, out var message, out var error), error?.Message);
        return message as T ?? throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {Encoding.UTF8.GetString(bytes)}");
    }

    /// <summary>The server closes: returns the close status it sent.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync()
    {
        var (type, bytes) = await ReceiveRawAsync();
        Assert.True(type == WebSocketMessageType.Close, $"expected the close frame, got {Encoding.UTF8.GetString(bytes)}");
        return _socket.CloseStatus;
    }

    /// <summary>The reason text of the server's close frame (after <see cref="ReceiveCloseAsync"/>).</summary>
    public string? CloseReason => _socket.CloseStatusDescription;

    public async Task CloseAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _invoker?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(WebSocketMessageType Type, byte[] Bytes)> ReceiveRawAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(chunk.AsMemory(), cts.Token);
            buffer.Write(chunk, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return (result.MessageType, buffer.ToArray());
    }
}
