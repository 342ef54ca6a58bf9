namespace ScaleMeet.Server.Memory;

/// <summary>Settings under <c>ScaleMeet:Memory</c> (see <see cref="MemoryTrimmer"/>).</summary>
public sealed class MemoryOptions
{
    public const string Section = "ScaleMeet:Memory";

    /// <summary>
    /// After the last call ended and the process has held no participant for this long, the garbage collector compacts
    /// the heap and returns the freed memory to the operating system. Default 10 s; 0 turns it off.
    /// </summary>
    public TimeSpan TrimAfterIdle { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// While calls run: when the managed heap holds (allocated or committed) more than this many bytes beyond what the
    /// last collection left alive (a burst of joins, a flood of bad requests), compact it and return the memory, at most once per
    /// <see cref="MinTrimInterval"/>. Default 16 MiB; 0 turns it off (memory then comes back when the collector next
    /// runs a full collection, or when calls end). Lower trims more often; each trim pauses the process for its collection.
    /// </summary>
    public long TrimGarbageAbove { get; set; } = 16L << 20;

    /// <summary>The least time between two trims during calls. Default 60 s (1 s .. 1 h).</summary>
    public TimeSpan MinTrimInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The first problem, naming the setting, or null.</summary>
    public string? Validate()
    {
        if (TrimAfterIdle < TimeSpan.Zero || TrimAfterIdle > TimeSpan.FromHours(1))
        {
            return $"{Section}:TrimAfterIdle must be 0 (off) to 01:00:00, was {TrimAfterIdle}";
        }

        if (TrimGarbageAbove is < 0 or > 1L << 40 || (TrimGarbageAbove > 0 && TrimGarbageAbove < 1L << 20))
        {
            return $"{Section}:TrimGarbageAbove must be 0 (off) or 1048576 (1 MiB) to 1099511627776 bytes, was {TrimGarbageAbove}";
        }

        if (MinTrimInterval < TimeSpan.FromSeconds(1) || MinTrimInterval > TimeSpan.FromHours(1))
        {
            return $"{Section}:MinTrimInterval must be 00:00:01 to 01:00:00, was {MinTrimInterval}";
        }

        return null;
    }
}
