namespace ScaleMeet.Server;

/// <summary>The host's log messages (source-generated).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Debug, "Signaling connection from {Remote}")]
    public static partial void SignalingConnected(ILogger logger, string remote);

    [LoggerMessage(2, LogLevel.Debug, "Signaling connection of {ParticipantId} ended: {Reason}")]
    public static partial void SignalingDisconnected(ILogger logger, string participantId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "The web client is not built ({WebRoot} has no index.html): run 'cd web && npm ci && npm run build' or rebuild the server")]
    public static partial void WebClientMissing(ILogger logger, string webRoot);
}
