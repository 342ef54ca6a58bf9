using System.Net.WebSockets;
using System.Text;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Server.Control;

/// <summary>
/// A control channel over a WebSocket (the focus's <c>/bridge</c> endpoint, or a bridge dialing it): one text message
/// per control message. Sends are serialized (a WebSocket takes one at a time). A message over
/// <see cref="ControlProtocol.MaxMessageBytes"/> is read to its end but only its first limit + 1 bytes are kept, so the
/// codec refuses it by size and the channel stays up. A close, an abort or a socket error ends the channel.
/// </summary>
internal sealed class WebSocketControlChannel(WebSocket socket) : IControlChannel
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly byte[] _buffer = new byte[16 * 1024];
    private string? _closeReason;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closeReason is not null || socket.State != WebSocketState.Open)
            {
                throw new ControlChannelClosedException($"the control channel is closed: {_closeReason ?? socket.CloseStatusDescription ?? socket.State.ToString()}");
            }

            await socket.SendAsync(message, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException ex)
        {
            throw new ControlChannelClosedException($"the control channel failed: {ex.Message}");
        }
        finally
        {
            _send.Release();
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closeReason ??= $"closed by the other side ({socket.CloseStatus}: {socket.CloseStatusDescription})";
                    return null;
                }

                var room = ControlProtocol.MaxMessageBytes + 1 - (int)message.Length;
                if (room > 0)
                {
                    message.Write(_buffer, 0, Math.Min(room, result.Count));
                }

                if (result.EndOfMessage)
                {
                    return message.ToArray();
                }
            }
        }
        catch (WebSocketException ex)
        {
            _closeReason ??= ex.Message;
            return null;
        }
    }

    public async ValueTask CloseAsync(string reason)
    {
        if (_closeReason is null)
        {
            _closeReason = reason;
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, Truncate(reason), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                socket.Abort();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync("disposed").ConfigureAwait(false);
        socket.Dispose();
        _send.Dispose();
    }

    /// <summary>A close reason is at most 123 UTF-8 bytes (RFC 6455 §5.5).</summary>
    private static string Truncate(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= 123)
        {
            return reason;
        }

        var end = Math.Min(reason.Length, 120);
        while (end > 0 && Encoding.UTF8.GetByteCount(reason.AsSpan(0, end)) > 120)
        {
            end--;
        }

        return reason[..end] + "...";
    }
}
