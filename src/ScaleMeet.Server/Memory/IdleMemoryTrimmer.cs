namespace ScaleMeet.Server.Memory;

/// <summary>
/// Gives memory back after calls end. A conferencing server's heap grows with its busiest moment (packet caches,
/// per-endpoint state, buffers); without a full compacting collection that memory stays resident long after everyone
/// left (the capacity study's Jitsi bridge kept over 1.5 GB). Once the process has held participants and then none for
/// <see cref="MemoryOptions.TrimAfterIdle"/>, this runs one aggressive, compacting, blocking collection — harmless then,
/// since no media flows — which also decommits the freed segments. Once per idle period.
/// <para>Threading: a timer callback every second; <paramref name="participants"/> must be callable from any thread.</para>
/// </summary>
internal sealed class IdleMemoryTrimmer : IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly Func<int> _participants;
    private readonly TimeSpan _trimAfterIdle;
    private readonly TimeProvider _time;
    private readonly Action _trim;
    private readonly ILogger _log;
    private readonly ITimer? _timer;
    private readonly object _lock = new();
    private bool _hadParticipants;
    private long _idleSince = -1;

    /// <param name="trim">The collection (tests count calls); by default the aggressive compacting collection.</param>
    public IdleMemoryTrimmer(Func<int> participants, MemoryOptions options, TimeProvider time, ILogger log, Action? trim = null)
    {
        _participants = participants;
        _trimAfterIdle = options.TrimAfterIdle;
        _time = time;
        _log = log;
        _trim = trim ?? Collect;
        if (_trimAfterIdle > TimeSpan.Zero)
        {
            _timer = time.CreateTimer(_ => Check(), null, CheckInterval, CheckInterval);
        }
    }

    /// <summary>Collections run so far.</summary>
    public int Trims { get; private set; }

    /// <summary>One check (the timer's callback; tests call it directly).</summary>
    public void Check()
    {
        lock (_lock)
        {
            if (_participants() > 0)
            {
                _hadParticipants = true;
                _idleSince = -1;
                return;
            }

            if (!_hadParticipants)
            {
                return;
            }

            var now = _time.GetTimestamp();
            if (_idleSince < 0)
            {
                _idleSince = now;
                return;
            }

            if (_time.GetElapsedTime(_idleSince, now) < _trimAfterIdle)
            {
                return;
            }

            _hadParticipants = false;
            _idleSince = -1;
            var before = Environment.WorkingSet;
            _trim();
            Trims++;
            MemoryLog.Trimmed(_log, before >> 20, Environment.WorkingSet >> 20);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            // The C library keeps freed native memory (thread arenas of finished DTLS handshakes, socket buffers'
            // bookkeeping) for reuse; hand it back too.
            try
            {
                NativeMemory.MallocTrim(0);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }
    }
}

internal static partial class NativeMemory
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "malloc_trim")]
    public static partial int MallocTrim(nuint pad);
}

internal static partial class MemoryLog
{
    [LoggerMessage(1, LogLevel.Information, "No calls: compacted the heap and returned memory to the system (resident {BeforeMb} MB -> {AfterMb} MB)")]
    public static partial void Trimmed(ILogger logger, long beforeMb, long afterMb);
}
