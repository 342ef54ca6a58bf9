namespace ScaleMeet.Server.Memory;

/// <summary>The C library's allocator (Linux).</summary>
internal static partial class NativeMemory
{
    /// <summary>Returns freed memory at the top of the heap and in every arena to the system (glibc's <c>malloc_trim</c>).</summary>
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "malloc_trim")]
    public static partial int MallocTrim(nuint pad);
}
