using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus;

namespace ScaleMeet.Server.Signaling;

/// <summary>
/// <c>/signaling</c>: accepts the WebSocket and runs its receive loop. Text messages are reassembled up to
/// <see cref="SignalingCodec.MaxMessageBytes"/> and handed to the session one at a time, in order; a larger
/// message is refused and the connection closed (1009); binary messages are refused. The socket ending, for
/// whatever reason, is the same as <c>leave</c>.
/// </summary>
internal sealed class SignalingEndpoint
{
    private const int InitialBufferBytes = 4096;

    private readonly FocusService _focus;
    private readonly ServerHttpOptions _options;
    private readonly ILogger _log;

    public SignalingEndpoint(FocusService focus, ServerHttpOptions options, ILogger<SignalingEndpoint> log)
    {
        _focus = focus;
        _options = options;
        _log = log;
    }

    public async Task HandleAsync(HttpContext context, CancellationToken serverStopping)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("expected a WebSocket upgrade", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var connection = new WebSocketSignalingConnection(socket, _options.SendQueueCapacity);
        var session = _focus.CreateSession(connection);
        var writer = Task.Run(connection.RunWriterAsync, CancellationToken.None);
        using var stopping = serverStopping.Register(
            static c => ((WebSocketSignalingConnection)c!).Close("the server is shutting down", WebSocketCloseStatus.EndpointUnavailable), connection);
        using var receiveAbort = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, connection.Aborted);
        ServerLog.SignalingConnected(_log, context.Connection.RemoteIpAddress?.ToString() ?? "?");

        string reason;
        try
        {
            reason = await ReceiveLoopAsync(socket, session, connection, receiveAbort.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            reason = "connection lost";
        }

        await session.CloseAsync(reason).ConfigureAwait(false);
        if (await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(6), CancellationToken.None)).ConfigureAwait(false) != writer)
        {
            socket.Abort();
        }

        ServerLog.SignalingDisconnected(_log, session.ParticipantId ?? "-", reason);
    }

    /// <summary>Returns why the loop ended.</summary>
    private static async Task<string> ReceiveLoopAsync(WebSocket socket, SignalingSession session, WebSocketSignalingConnection connection, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        // Grow up to one byte past the limit, so an oversized message is seen as such.
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, SignalingCodec.MaxMessageBytes + 1));
                        buffer.AsSpan(0, count).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return "closed by the client";
                    }

                    count += result.Count;
                    if (count > SignalingCodec.MaxMessageBytes)
                    {
                        // The error goes out first; the session's close (after this loop) then closes with 1009.
                        connection.SetCloseStatus(WebSocketCloseStatus.MessageTooBig);
                        session.Refuse(SignalingErrorCodes.Malformed, $"message exceeds {SignalingCodec.MaxMessageBytes} bytes");
                        return "message too big";
                    }
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    session.Refuse(SignalingErrorCodes.Malformed, "binary messages are not part of the protocol; send JSON text");
                    continue;
                }

                await session.HandleFrameAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
