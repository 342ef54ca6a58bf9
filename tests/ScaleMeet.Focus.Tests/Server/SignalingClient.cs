using System.Net.WebSockets;
using System.Text;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus.Tests.Server;

/// <summary>A browser stand-in: a real <see cref="ClientWebSocket"/> speaking the signaling protocol.</summary>
internal sealed class SignalingClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket = new();

    public WebSocket Socket => _socket;

    public static async Task<SignalingClient> ConnectAsync(int port)
    {
        var client = new SignalingClient();
        using var cts = new CancellationTokenSource(Timeout);
        await client._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}{SignalingProtocol.Path}"), cts.Token);
        return client;
    }

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

    public async Task CloseAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
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
