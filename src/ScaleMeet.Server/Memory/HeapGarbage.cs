namespace ScaleMeet.Server.Memory;

/// <summary>How much of the managed heap is not alive, as far as the runtime can tell without collecting.</summary>
internal static class HeapGarbage
{
    /// <summary>
    /// Bytes the heap holds now (<see cref="GC.GetTotalMemory"/>, without collecting) beyond what the last collection
    /// left alive (its heap size less its fragmentation): what was allocated since, of which most is garbage in a
    /// server that allocates nothing per packet. 0 before the first collection's figures exist.
    /// </summary>
    public static long Bytes()
    {
        var last = GC.GetGCMemoryInfo(GCKind.Any);
        var alive = last.HeapSizeBytes - last.FragmentedBytes;
        return Math.Max(0, GC.GetTotalMemory(forceFullCollection: false) - alive);
    }
}
