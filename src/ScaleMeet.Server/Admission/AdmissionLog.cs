namespace ScaleMeet.Server.Admission;

/// <summary>
/// Admission's log messages (source-generated). Refusals are Debug: a flood would otherwise write a line per attempt
/// (the metrics count them); a disconnect for flooding is Information (at most one per admitted connection).
/// </summary>
internal static partial class AdmissionLog
{
    [LoggerMessage(20, LogLevel.Debug, "Signaling connection from {Remote} refused ({Reason}): {Message}")]
    public static partial void ConnectionRefused(ILogger logger, string remote, string reason, string message);

    [LoggerMessage(21, LogLevel.Debug, "Signaling connection from {Remote} refused: origin not allowed")]
    public static partial void OriginRefused(ILogger logger, string remote);

    [LoggerMessage(22, LogLevel.Information, "Signaling connection from {Remote} closed: {Refused} messages over its rate limit")]
    public static partial void RateLimitDisconnected(ILogger logger, string remote, int refused);
}
