namespace ScaleMeet.Server.Memory;

/// <summary>Settings under <c>ScaleMeet:Memory</c>.</summary>
public sealed class MemoryOptions
{
    public const string Section = "ScaleMeet:Memory";

    /// <summary>
    /// After the last call ended and the process has held no participant for this long, the garbage collector compacts
    /// the heap and returns the freed memory to the operating system. Default 10 s; 0 turns it off.
    /// </summary>
    public TimeSpan TrimAfterIdle { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first problem, naming the setting, or null.</summary>
    public string? Validate() =>
        TrimAfterIdle < TimeSpan.Zero || TrimAfterIdle > TimeSpan.FromHours(1)
            ? $"{Section}:TrimAfterIdle must be 0 (off) to 01:00:00, was {TrimAfterIdle}"
            : null;
}
