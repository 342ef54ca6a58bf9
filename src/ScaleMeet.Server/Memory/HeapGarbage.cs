namespace ScaleMeet.Server.Memory;

/// <summary>How much memory the managed heap holds beyond what is alive, as far as the runtime can tell without collecting.</summary>
internal static class HeapGarbage
{
    /// <summary>
    /// What the last collection left alive (its heap size less its fragmentation) subtracted from the larger of what the
    /// heap holds now (<see cref="GC.GetTotalMemory"/>, without collecting: what was allocated since, of which most is
    /// garbage in a server that allocates nothing per packet) and what the collector has committed (free regions and
    /// generation budgets it keeps resident after a burst, which a young collection does not give back). 0 before the
    /// first collection's figures exist.
    /// </summary>
    public static long Bytes()
    {
        var last = GC.GetGCMemoryInfo(GCKind.Any);
        var alive = last.HeapSizeBytes - last.FragmentedBytes;
        var held = Math.Max(GC.GetTotalMemory(forceFullCollection: false), last.TotalCommittedBytes);
        return Math.Max(0, held - alive);
    }
}
