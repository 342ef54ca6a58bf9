using Microsoft.Extensions.Logging;

namespace ScaleMeet.Focus.Bridges;

internal static partial class BridgeControlLog
{
    [LoggerMessage(1, LogLevel.Information, "Bridge {BridgeId} registered from {Remote}: region '{Region}', version {Version}, media {MediaAddresses}")]
    public static partial void Registered(ILogger logger, string bridgeId, string remote, string region, string version, string mediaAddresses);

    [LoggerMessage(2, LogLevel.Warning, "Bridge channel from {Remote} refused ({Reason}): {Message}")]
    public static partial void Refused(ILogger logger, string remote, string reason, string message);

    [LoggerMessage(3, LogLevel.Warning, "Bridge {BridgeId} lost: {Reason}")]
    public static partial void Lost(ILogger logger, string bridgeId, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Could not read a control message from bridge {BridgeId}: {Code} {Message}")]
    public static partial void Undecodable(ILogger logger, string bridgeId, string code, string message);

    [LoggerMessage(5, LogLevel.Warning, "Bridge {BridgeId} could not read a control message of ours: {Code} {Message}")]
    public static partial void BridgeReportedError(ILogger logger, string bridgeId, string code, string message);
}
