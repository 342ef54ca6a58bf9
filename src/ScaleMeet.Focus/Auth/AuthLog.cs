using Microsoft.Extensions.Logging;

namespace ScaleMeet.Focus.Auth;

/// <summary>Log messages of room passwords and moderation (source-generated). Passwords and tokens never appear in them.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(101, LogLevel.Information, "Room {Room} {Action} by moderator {ParticipantId}")]
    public static partial void RoomLockChanged(ILogger logger, string room, string action, string participantId);

    [LoggerMessage(102, LogLevel.Information, "Moderation of room {Room} passed to {ParticipantId} after the last moderator left")]
    public static partial void ModeratorHandedOn(ILogger logger, string room, string participantId);

    [LoggerMessage(103, LogLevel.Warning, "A signaling connection sent {Attempts} wrong passwords for room {Room}; closing it")]
    public static partial void PasswordAttemptsExceeded(ILogger logger, int attempts, string room);
}
