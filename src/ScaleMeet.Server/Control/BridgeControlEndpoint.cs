using ScaleMeet.Contracts.Control;
using ScaleMeet.Focus.Bridges;

namespace ScaleMeet.Server.Control;

/// <summary>
/// <c>/bridge</c>: the WebSocket that bridges dial (docs/protocol.md, "Control v2"). Mapped by the roles that serve a
/// focus when <c>ScaleMeet:Control:Secret</c> is set; without a secret no bridge could authenticate, so the path does
/// not exist. Anything but a WebSocket upgrade gets 400. Authentication happens in the first message (the hello's
/// HMAC), so a refusal can say why; the <see cref="BridgeAcceptor"/> does the rest.
/// </summary>
internal static class BridgeControlEndpoint
{
    public static void Map(WebApplication app, BridgeAcceptor acceptor, CancellationToken stopping)
    {
        app.Map(ControlProtocol.Path, async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("a bridge control channel is a WebSocket", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await using var channel = new WebSocketControlChannel(socket);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
            var remote = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
            try
            {
                await acceptor.RunAsync(channel, remote, linked.Token, context.Connection.RemoteIpAddress).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        });
    }
}
