using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus;
using ScaleMeet.Focus.Bridges;
using ScaleMeet.Server.Admission;

namespace ScaleMeet.Server.Signaling;

/// <summary>
/// <c>/signaling</c>: admits the WebSocket and runs its receive loop. Before the upgrade, a page of another origin
/// gets 403 (<see cref="OriginPolicy"/>). A connection over the caps (<see cref="AdmissionControl"/>) is accepted and
/// closed at once with status 1013 (try again later) and the reason, so a browser can show it. Text messages are
/// reassembled up to <see cref="SignalingCodec.MaxMessageBytes"/> and, within the connection's rate limit
/// (<see cref="MessageRateLimiter"/>), handed to the session one at a time, in order; a message over the rate is
/// answered <c>rate_limited</c> (with its request id) and dropped, and a connection that keeps flooding is closed with
/// 1008. A larger message is refused and the connection closed (1009); binary messages are refused. The socket
/// ending, for whatever reason, is the same as <c>leave</c>. The participant's region comes from the ingress's header
/// (<see cref="FocusOptions.RegionHeader"/>), else <c>?region=</c> when <see cref="FocusOptions.AllowRegionParameter"/>,
/// else the focus's own; one that is not a region name gets 400.
/// </summary>
internal sealed class SignalingEndpoint
{
    private const int InitialBufferBytes = 4096;

    /// <summary>Close status 1013, "Try Again Later" (IANA WebSocket close code registry); not in the enum.</summary>
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    /// <summary>How long a refused connection's client gets to answer the close frame before the socket is dropped.</summary>
    private static readonly TimeSpan RefusedCloseTimeout = TimeSpan.FromSeconds(2);

    private readonly FocusService _focus;
    private readonly ServerHttpOptions _options;
    private readonly AdmissionControl _admission;
    private readonly AdmissionCounters _counters;
    private readonly OriginPolicy _origins;
    private readonly FocusOptions _focusOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly string _rateLimitedMessage;
    private readonly string _floodCloseReason;

    public SignalingEndpoint(FocusService focus, ServerHttpOptions options, AdmissionControl admission, AdmissionCounters counters,
        OriginPolicy origins, FocusOptions focusOptions, TimeProvider time, ILogger<SignalingEndpoint> log)
    {
        _focusOptions = focusOptions;
        _focus = focus;
        _options = options;
        _admission = admission;
        _counters = counters;
        _origins = origins;
        _time = time;
        _log = log;
        var rate = options.Admission;
        _rateLimitedMessage = $"more than {rate.MessagesPerSecond:0.###} messages a second (bursts of {rate.MessageBurst}); this one was dropped";
        _floodCloseReason = $"message rate limit exceeded ({rate.MessagesPerSecond:0.###}/s)";
    }

    public async Task HandleAsync(HttpContext context, CancellationToken serverStopping)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("expected a WebSocket upgrade", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var remote = context.Connection.RemoteIpAddress ?? IPAddress.IPv6None;
        if (_origins.Check(context.Request) == OriginDecision.Refused)
        {
            _counters.ConnectionRefused(RefusalReasons.Origin);
            AdmissionLog.OriginRefused(_log, remote.ToString());
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("pages of this origin may not open a signaling connection to this server", context.RequestAborted)
                .ConfigureAwait(false);
            return;
        }

        var region = RequestedRegion(context.Request);
        if (region is not null && BridgeAcceptor.RegionProblem(region) is { } regionProblem)
        {
            _counters.ConnectionRefused(RefusalReasons.InvalidRegion);
            AdmissionLog.ConnectionRefused(_log, remote.ToString(), RefusalReasons.InvalidRegion, regionProblem);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"invalid region: {regionProblem}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var lease = _admission.TryOpen(remote, out var refusal);
        if (lease is null)
        {
            _counters.ConnectionRefused(refusal!.Reason);
            AdmissionLog.ConnectionRefused(_log, remote.ToString(), refusal.Reason, refusal.Message);
            using var refused = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await RefuseAsync(refused, refusal.Message).ConfigureAwait(false);
            return;
        }

        var waiting = false;
        try
        {
            waiting = await RunAsync(context, remote, lease, region, serverStopping).ConfigureAwait(false);
        }
        finally
        {
            // A participant waiting for a resume keeps its place and this connection's slot; its session closes the lease.
            if (!waiting)
            {
                lease.Dispose();
            }
        }
    }

    /// <summary>The region the request names (the header first, then an allowed <c>?region=</c>); null when none does.</summary>
    private string? RequestedRegion(HttpRequest request)
    {
        if (_focusOptions.RegionHeader is { } header && request.Headers.TryGetValue(header, out var fromHeader) && !string.IsNullOrEmpty(fromHeader[0]))
        {
            return fromHeader[0];
        }

        return _focusOptions.AllowRegionParameter && request.Query.TryGetValue("region", out var fromQuery) && !string.IsNullOrEmpty(fromQuery[0])
            ? fromQuery[0]
            : null;
    }

    /// <summary>Serves the WebSocket to its end; true when its participant waits for a resume (the session then owns the lease).</summary>
    private async Task<bool> RunAsync(HttpContext context, IPAddress remote, ConnectionLease lease, string? region, CancellationToken serverStopping)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var connection = new WebSocketSignalingConnection(socket, _options.SendQueueCapacity);
        var session = _focus.CreateSession(connection, lease, region);
        var writer = Task.Run(connection.RunWriterAsync, CancellationToken.None);
        using var stopping = serverStopping.Register(
            static c => ((WebSocketSignalingConnection)c!).Close("the server is shutting down", WebSocketCloseStatus.EndpointUnavailable), connection);
        using var receiveAbort = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, connection.Aborted);
        ServerLog.SignalingConnected(_log, remote.ToString());

        var limiter = new MessageRateLimiter(_options.Admission, _time);
        string reason;
        var dropped = false;
        try
        {
            reason = await ReceiveLoopAsync(socket, session, connection, limiter, receiveAbort.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            reason = "connection lost";
            dropped = !serverStopping.IsCancellationRequested && !connection.Closing;
        }

        if (limiter.Exhausted)
        {
            _counters.RateLimitDisconnected();
            AdmissionLog.RateLimitDisconnected(_log, remote.ToString(), limiter.Refusals);
        }

        // A drop (no close frame: the network, not the page) lets the participant resume within the grace period.
        var waiting = false;
        if (dropped)
        {
            waiting = await session.ConnectionLostAsync(reason).ConfigureAwait(false);
        }
        else
        {
            await session.CloseAsync(reason).ConfigureAwait(false);
        }

        if (await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(6), CancellationToken.None)).ConfigureAwait(false) != writer)
        {
            socket.Abort();
        }

        ServerLog.SignalingDisconnected(_log, session.ParticipantId ?? "-", reason);
        return waiting;
    }

    /// <summary>Closes a connection that was not admitted: 1013 with <paramref name="reason"/>, then drops it.</summary>
    private static async Task RefuseAsync(WebSocket socket, string reason)
    {
        using var timeout = new CancellationTokenSource(RefusedCloseTimeout);
        try
        {
            await socket.CloseAsync(TryAgainLater, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            socket.Abort();
        }
    }

    /// <summary>Returns why the loop ended.</summary>
    private async Task<string> ReceiveLoopAsync(WebSocket socket, SignalingSession session, WebSocketSignalingConnection connection,
        MessageRateLimiter limiter, CancellationToken cancellationToken)
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

                switch (limiter.TryTake())
                {
                    case RateLimitDecision.Refused:
                        session.Refuse(SignalingErrorCodes.RateLimited, _rateLimitedMessage, RequestIdPeek.Read(buffer.AsSpan(0, count)));
                        continue;
                    case RateLimitDecision.Disconnect:
                        // The error goes out first; the session's close then closes with 1008 and the reason.
                        connection.SetCloseStatus(WebSocketCloseStatus.PolicyViolation);
                        session.Refuse(SignalingErrorCodes.RateLimited, _rateLimitedMessage, RequestIdPeek.Read(buffer.AsSpan(0, count)));
                        return _floodCloseReason;
                }

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
