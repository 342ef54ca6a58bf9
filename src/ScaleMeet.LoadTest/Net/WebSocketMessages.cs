using System.Net.WebSockets;

namespace ScaleMeet.LoadTest.Net;

/// <summary>What <see cref="WebSocketMessages.ReceiveAsync"/> read: a whole message, a close, or a message too large for the buffer.</summary>
internal enum WebSocketMessageOutcome
{
    Message,
    Closed,
    TooLarge,
}

/// <summary>Reads whole WebSocket messages into one buffer and closes politely (the signaling and Janus clients).</summary>
internal static class WebSocketMessages
{
    /// <summary>Reads the frames of one message into <paramref name="buffer"/>; <paramref name="length"/> is its size.</summary>
    public static async Task<(WebSocketMessageOutcome Outcome, int Length)> ReceiveAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            length += result.Count;
        }
        while (!result.EndOfMessage && length < buffer.Length);

        return result.MessageType == WebSocketMessageType.Close ? (WebSocketMessageOutcome.Closed, length)
            : !result.EndOfMessage ? (WebSocketMessageOutcome.TooLarge, length)
            : (WebSocketMessageOutcome.Message, length);
    }

    /// <summary>
    /// Sends a normal close when the socket is open, or answers the peer's close frame when it closed first, waiting at
    /// most 2 s; a peer that is already gone is no error.
    /// </summary>
    public static async Task CloseQuietlyAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }
}
