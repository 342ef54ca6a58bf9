using Microsoft.Extensions.Logging;

namespace ScaleMeet.Bridge.Control;

internal static partial class ControlAgentLog
{
    [LoggerMessage(1, LogLevel.Information, "Bridge {BridgeId} registered with focus {FocusId} (heartbeat every {HeartbeatMs} ms)")]
    public static partial void Registered(ILogger logger, string bridgeId, string focusId, int heartbeatMs);

    [LoggerMessage(2, LogLevel.Error, "The focus refused bridge {BridgeId}: {Reason} ({Message})")]
    public static partial void Refused(ILogger logger, string bridgeId, string reason, string message);

    [LoggerMessage(3, LogLevel.Warning, "Control channel of bridge {BridgeId} ended: {Reason}; reconnecting in {DelayMs} ms")]
    public static partial void ChannelEnded(ILogger logger, string bridgeId, string reason, long delayMs);

    [LoggerMessage(4, LogLevel.Warning, "Bridge {BridgeId} could not read a control message: {Code} {Message}")]
    public static partial void Undecodable(ILogger logger, string bridgeId, string code, string message);

    [LoggerMessage(5, LogLevel.Information, "Bridge {BridgeId} registered anew: closed {Endpoints} endpoints of the previous registration")]
    public static partial void ClosedPrevious(ILogger logger, string bridgeId, int endpoints);

    [LoggerMessage(6, LogLevel.Error, "Bridge {BridgeId}: {Count} events waited for the focus; closing the control channel to register anew")]
    public static partial void EventsOverflowed(ILogger logger, string bridgeId, int count);

    [LoggerMessage(7, LogLevel.Warning, "Bridge {BridgeId} cannot reach the focus: {Message}")]
    public static partial void ConnectFailed(ILogger logger, string bridgeId, string message);
}
