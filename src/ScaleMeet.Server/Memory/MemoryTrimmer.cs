namespace ScaleMeet.Server.Memory;

/// <summary>
/// Gives memory back. A conferencing server's heap grows with its busiest moments (packet caches, per-endpoint state,
/// buffers, and the garbage of a burst of joins or of a flood of bad requests); the garbage collector returns memory to
/// the operating system only after a collection that finds it free, and on a machine with a large CPU cache its youngest
/// generation alone may grow by tens of megabytes before one runs. Two rules, checked every second:
/// <list type="bullet">
/// <item>Idle: once the process has held participants and then none for <see cref="MemoryOptions.TrimAfterIdle"/>, one
/// aggressive, compacting, blocking collection (harmless then, no media flows), once per idle period.</item>
/// <item>Garbage: while calls run, when the heap holds more than <see cref="MemoryOptions.TrimGarbageAbove"/> bytes
/// beyond what the last collection left alive, the same collection, at most once per
/// <see cref="MemoryOptions.MinTrimInterval"/>. It pauses the process (the media loop too) for as long as the
/// collection takes, a few milliseconds on a heap of tens of megabytes (the pause is logged and published).</item>
/// </list>
/// <para>Threading: a timer callback every second; <c>participants</c> and <c>garbageBytes</c> must be callable from any
/// thread.</para>
/// </summary>
internal sealed class MemoryTrimmer : IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly Func<int> _participants;
    private readonly Func<long> _garbageBytes;
    private readonly MemoryOptions _options;
    private readonly TimeProvider _time;
    private readonly Action _trim;
    private readonly ILogger _log;
    private readonly ITimer? _timer;
    private readonly Lock _lock = new();
    private bool _hadParticipants;
    private long _idleSince = -1;
    private long _lastGarbageTrim = long.MinValue;
    private long _idleTrims;
    private long _garbageTrims;
    private long _pauseTicks;

    /// <param name="participants">Participants the process holds now.</param>
    /// <param name="garbageBytes">Bytes the managed heap holds beyond what the last collection left alive (<see cref="HeapGarbage"/>).</param>
    /// <param name="trim">The collection (tests count calls); by default the aggressive compacting collection.</param>
    public MemoryTrimmer(Func<int> participants, Func<long> garbageBytes, MemoryOptions options, TimeProvider time, ILogger log, Action? trim = null)
    {
        _participants = participants;
        _garbageBytes = garbageBytes;
        _options = options;
        _time = time;
        _log = log;
        _trim = trim ?? Collect;
        if (options.TrimAfterIdle > TimeSpan.Zero || options.TrimGarbageAbove > 0)
        {
            _timer = time.CreateTimer(_ => Check(), null, CheckInterval, CheckInterval);
        }
    }

    /// <summary>Collections run so far, all reasons.</summary>
    public long Trims => IdleTrims + GarbageTrims;

    /// <summary>Collections run after calls ended.</summary>
    public long IdleTrims => Interlocked.Read(ref _idleTrims);

    /// <summary>Collections run during calls because garbage built up.</summary>
    public long GarbageTrims => Interlocked.Read(ref _garbageTrims);

    /// <summary>Time the process spent paused in these collections, in total.</summary>
    public TimeSpan PauseTotal => TimeSpan.FromTicks(Interlocked.Read(ref _pauseTicks));

    /// <summary>One check (the timer's callback; tests call it directly).</summary>
    public void Check()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_participants() > 0)
            {
                _hadParticipants = true;
                _idleSince = -1;
                CheckGarbage(now);
                return;
            }

            if (!_hadParticipants || _options.TrimAfterIdle <= TimeSpan.Zero)
            {
                return;
            }

            if (_idleSince < 0)
            {
                _idleSince = now;
                return;
            }

            if (_time.GetElapsedTime(_idleSince, now) < _options.TrimAfterIdle)
            {
                return;
            }

            _hadParticipants = false;
            _idleSince = -1;
            Trim(ref _idleTrims, "no calls");
        }
    }

    public void Dispose() => _timer?.Dispose();

    private void CheckGarbage(long now)
    {
        if (_options.TrimGarbageAbove <= 0 ||
            (_lastGarbageTrim != long.MinValue && _time.GetElapsedTime(_lastGarbageTrim, now) < _options.MinTrimInterval) ||
            _garbageBytes() <= _options.TrimGarbageAbove)
        {
            return;
        }

        _lastGarbageTrim = now;
        Trim(ref _garbageTrims, "garbage built up during calls");
    }

    private void Trim(ref long counter, string reason)
    {
        var before = Environment.WorkingSet;
        var pausedBefore = GC.GetTotalPauseDuration();
        _trim();
        var pause = GC.GetTotalPauseDuration() - pausedBefore;
        Interlocked.Add(ref _pauseTicks, pause.Ticks);
        Interlocked.Increment(ref counter);
        MemoryLog.Trimmed(_log, reason, before >> 20, Environment.WorkingSet >> 20, pause.TotalMilliseconds);
    }

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
