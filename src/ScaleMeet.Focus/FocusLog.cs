using Microsoft.Extensions.Logging;

namespace ScaleMeet.Focus;

/// <summary>The focus's log messages (source-generated). Signaling is low-rate; nothing here is per packet.</summary>
internal static partial class FocusLog
{
    [LoggerMessage(1, LogLevel.Information, "Bridge {BridgeId} registered")]
    public static partial void BridgeRegistered(ILogger logger, string bridgeId);

    [LoggerMessage(2, LogLevel.Information, "Participant {ParticipantId} joined room {Room} on bridge {BridgeId}")]
    public static partial void ParticipantJoined(ILogger logger, string participantId, string room, string bridgeId);

    [LoggerMessage(3, LogLevel.Information, "Participant {ParticipantId} left room {Room}: {Reason}")]
    public static partial void ParticipantLeft(ILogger logger, string participantId, string room, string reason);

    [LoggerMessage(4, LogLevel.Information, "Join of room {Room} refused ({Code}): {Message}")]
    public static partial void JoinRefused(ILogger logger, string room, string code, string message);

    [LoggerMessage(5, LogLevel.Warning, "Bridge {BridgeId} refused {Request} for {EndpointId} ({Code}): {Message}")]
    public static partial void BridgeRefused(ILogger logger, string bridgeId, string request, string endpointId, string code, string message);

    [LoggerMessage(6, LogLevel.Warning, "Bridge {BridgeId} failed {Request} for {EndpointId}")]
    public static partial void BridgeRequestFailed(ILogger logger, Exception exception, string bridgeId, string request, string endpointId);

    [LoggerMessage(7, LogLevel.Debug, "Ignored {Event} from bridge {BridgeId} for unknown endpoint {EndpointId}")]
    public static partial void BridgeEventIgnored(ILogger logger, string @event, string bridgeId, string endpointId);

    [LoggerMessage(8, LogLevel.Debug, "Sending to a signaling connection failed; closing it")]
    public static partial void SendFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Error, "Handling a {MessageType} message failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string messageType);

    [LoggerMessage(10, LogLevel.Information, "Bridge {BridgeId} expired participant {ParticipantId}: {Reason}")]
    public static partial void EndpointExpired(ILogger logger, string bridgeId, string participantId, string reason);

    [LoggerMessage(11, LogLevel.Debug, "Signaling request refused ({Code}): {Message}")]
    public static partial void RequestRefused(ILogger logger, string code, string message);

    [LoggerMessage(12, LogLevel.Warning, "Room {Room} moves from lost bridge {LostBridgeId} to {BridgeId} ({Members} participants)")]
    public static partial void RoomMoved(ILogger logger, string room, string lostBridgeId, string bridgeId, int members);

    [LoggerMessage(13, LogLevel.Information, "Participant {ParticipantId} of room {Room} moved to bridge {BridgeId}")]
    public static partial void ParticipantMoved(ILogger logger, string participantId, string room, string bridgeId);

    [LoggerMessage(14, LogLevel.Information, "Participant {ParticipantId} of room {Room} lost its signaling connection ({Reason}); waiting {GraceSeconds} s for it to resume")]
    public static partial void ParticipantSuspended(ILogger logger, string participantId, string room, string reason, double graceSeconds);

    [LoggerMessage(15, LogLevel.Information, "Participant {ParticipantId} of room {Room} resumed after message {LastSeq} ({Missed} messages replayed)")]
    public static partial void ParticipantResumed(ILogger logger, string participantId, string room, long lastSeq, long missed);

    [LoggerMessage(16, LogLevel.Information, "A resume was refused: {Message}")]
    public static partial void ResumeRefused(ILogger logger, string message);
}
