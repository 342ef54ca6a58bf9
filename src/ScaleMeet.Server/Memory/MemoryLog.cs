namespace ScaleMeet.Server.Memory;

internal static partial class MemoryLog
{
    [LoggerMessage(1, LogLevel.Information, "Memory returned ({Reason}): compacted the heap, resident {BeforeMb} MB -> {AfterMb} MB, paused {PauseMs:0.0} ms")]
    public static partial void Trimmed(ILogger logger, string reason, long beforeMb, long afterMb, double pauseMs);
}
