using System.Net.WebSockets;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Server.Control;

/// <summary>
/// How a bridge reaches a focus: <c>http://host:port</c> (or <c>https://</c>, <c>ws://</c>, <c>wss://</c>) becomes
/// the WebSocket <c>ws(s)://host:port/bridge</c>, dialed anew for each registration.
/// </summary>
internal static class FocusDialer
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The control WebSocket URI of a focus URL, or null with the problem.</summary>
    public static Uri? ControlUri(string focusUrl, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(focusUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss") || uri.Host.Length == 0)
        {
            problem = $"'{focusUrl}' is not a focus URL (http://host:port, https://, ws:// or wss://)";
            return null;
        }

        var builder = new UriBuilder(uri)
        {
            Scheme = uri.Scheme is "https" or "wss" ? "wss" : "ws",
            Path = ControlProtocol.Path,
            Query = "",
        };
        return builder.Uri;
    }

    /// <summary>A connect function for <see cref="Bridge.Control.ControlAgent"/>.</summary>
    public static Func<CancellationToken, Task<IControlChannel>> Connect(Uri controlUri) => async cancellationToken =>
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(10);
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(controlUri, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new IOException($"no answer from {controlUri} within {ConnectTimeout.TotalSeconds:0} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new WebSocketControlChannel(socket);
    };
}
