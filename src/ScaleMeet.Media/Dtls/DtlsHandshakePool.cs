namespace ScaleMeet.Media.Dtls;

/// <summary>
/// Runs the handshakes of many <see cref="DtlsEndpoint"/>s on a bounded set of worker threads. BouncyCastle's
/// handshake blocks, so a running handshake holds one worker until it finishes; at most
/// <see cref="DtlsPoolSettings.Workers"/> run at once, up to <see cref="DtlsPoolSettings.QueueCapacity"/> wait (FIFO)
/// for at most <see cref="DtlsPoolSettings.QueueTimeout"/>, and anything beyond is refused — the endpoint fails with
/// <see cref="DtlsHandshakeFailure.Refused"/>. After its handshake an endpoint holds no thread: each later datagram
/// (a retransmitted flight, close_notify) or a local close is a short work item (at most one per endpoint at a time,
/// a few milliseconds) that workers run before any waiting handshake. When every worker is inside a handshake one
/// extra thread serves short items, so the threads never exceed Workers + 1; a worker idle for
/// <see cref="DtlsPoolSettings.WorkerIdleTimeout"/> exits.
/// <para>The counters (handshakes running, queued, completed, failed by cause, refused; datagrams dropped by reason;
/// bytes buffered) are the operator's figures; any thread may read them.</para>
/// <para>Threading: every method is thread-safe and returns without waiting for a worker.</para>
/// </summary>
public sealed class DtlsHandshakePool : IDisposable
{
    private static readonly Lazy<DtlsHandshakePool> s_shared = new(() => new DtlsHandshakePool(
        new DtlsPoolSettings { Workers = 8, QueueCapacity = 10_000, QueueTimeout = TimeSpan.FromMinutes(1) }, TimeProvider.System));

    private readonly object _gate = new();
    private readonly LinkedList<DtlsQueuedHandshake> _waiting = new();
    private readonly Queue<DtlsEndpoint> _work = new();
    private readonly long[] _failed = new long[Enum.GetValues<DtlsHandshakeFailure>().Length];
    private readonly long[] _dropped = new long[Enum.GetValues<DtlsDropReason>().Length];
    private int _threads;            // guarded by _gate
    private int _idleThreads;        // guarded by _gate
    private int _runningHandshakes;  // guarded by _gate
    private bool _disposed;          // guarded by _gate
    private long _completed;
    private long _refused;
    private long _bufferedBytes;
    private int _largestHandshakeBytes;
    private long _discardedRecords;
    private long _workerErrors;

    public DtlsHandshakePool(DtlsPoolSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        string? problem = settings.Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        Settings = settings;
        Time = time;
    }

    /// <summary>A process-wide pool (8 workers, generous queue) for clients such as the load tester's peers and tests.</summary>
    public static DtlsHandshakePool Shared => s_shared.Value;

    public DtlsPoolSettings Settings { get; }

    /// <summary>The clock of the queue, handshake, final-flight and post-handshake rate timers.</summary>
    public TimeProvider Time { get; }

    /// <summary>Handshakes on a worker now.</summary>
    public int RunningHandshakes
    {
        get
        {
            lock (_gate)
            {
                return _runningHandshakes;
            }
        }
    }

    /// <summary>Handshakes waiting for a worker now.</summary>
    public int QueuedHandshakes
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Worker threads alive now (at most <see cref="DtlsPoolSettings.Workers"/> + 1).</summary>
    public int Threads
    {
        get
        {
            lock (_gate)
            {
                return _threads;
            }
        }
    }

    /// <summary>Handshakes that produced keys, since start.</summary>
    public long CompletedHandshakes => Interlocked.Read(ref _completed);

    /// <summary>Handshakes refused for lack of room (queue full, queue timeout, pool shut down), since start.</summary>
    public long RefusedHandshakes => Interlocked.Read(ref _refused);

    /// <summary>Bytes held for peers now: queued datagrams plus the reassembly charge of handshakes in progress.</summary>
    public long BufferedBytes => Interlocked.Read(ref _bufferedBytes);

    /// <summary>The most bytes any one handshake held at once, since start (bounded by <see cref="DtlsEndpointSettings.MaxBufferedBytes"/>).</summary>
    public int LargestHandshakeBytes => Volatile.Read(ref _largestHandshakeBytes);

    /// <summary>Records received after a handshake that BouncyCastle did not accept (failed authentication, replayed, stale epoch).</summary>
    public long DiscardedRecords => Interlocked.Read(ref _discardedRecords);

    /// <summary>Exceptions that escaped a work item (a bug; the worker survives).</summary>
    public long WorkerErrors => Interlocked.Read(ref _workerErrors);

    /// <summary>Handshakes that failed with <paramref name="failure"/> since start (refusals are <see cref="RefusedHandshakes"/>).</summary>
    public long FailedHandshakes(DtlsHandshakeFailure failure) => Interlocked.Read(ref _failed[(int)failure]);

    /// <summary>Inbound datagrams dropped for <paramref name="reason"/> since start, over every endpoint of the pool.</summary>
    public long DroppedDatagrams(DtlsDropReason reason) => Interlocked.Read(ref _dropped[(int)reason]);

    public void Dispose()
    {
        List<DtlsQueuedHandshake> refused = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_waiting.First is { } first)
            {
                _waiting.RemoveFirst();
                first.Value.Node = null;
                refused.Add(first.Value);
            }

            Monitor.PulseAll(_gate);
        }

        foreach (DtlsQueuedHandshake ticket in refused)
        {
            Refuse(ticket, "the DTLS handshake pool is shutting down");
        }
    }

    /// <summary>Queues a handshake; null (with the reason, already counted) when there is no room.</summary>
    internal DtlsQueuedHandshake? TryQueueHandshake(DtlsEndpoint endpoint, out string? refusal)
    {
        var ticket = new DtlsQueuedHandshake(endpoint);
        lock (_gate)
        {
            if (_disposed)
            {
                refusal = "the DTLS handshake pool is shutting down";
            }
            else if (_waiting.Count >= Settings.QueueCapacity + Math.Max(0, Settings.Workers - _runningHandshakes))
            {
                // Room: the queue, plus the workers not yet running a handshake (one may be about to take its first).
                refusal = $"the DTLS handshake queue is full ({Settings.QueueCapacity} handshakes waiting for {Settings.Workers} workers)";
            }
            else
            {
                ticket.Node = _waiting.AddLast(ticket);
                ticket.Timer = Time.CreateTimer(static state => ((DtlsHandshakePool)((object[])state!)[0]).OnQueueTimeout((DtlsQueuedHandshake)((object[])state)[1]),
                    new object[] { this, ticket }, Settings.QueueTimeout, Timeout.InfiniteTimeSpan);
                WakeLocked();
                refusal = null;
                return ticket;
            }
        }

        Interlocked.Increment(ref _refused);
        return null;
    }

    /// <summary>Takes a queued handshake back (its endpoint closed or timed out); false when a worker already has it.</summary>
    internal bool TryCancel(DtlsQueuedHandshake ticket)
    {
        lock (_gate)
        {
            if (ticket.Node is null)
            {
                return false;
            }

            _waiting.Remove(ticket.Node);
            ticket.Node = null;
        }

        ticket.Timer?.Dispose();
        return true;
    }

    /// <summary>Queues a short post-handshake work item for <paramref name="endpoint"/>; false when the pool is shut down.</summary>
    internal bool Post(DtlsEndpoint endpoint)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _work.Enqueue(endpoint);
            WakeLocked();
            return true;
        }
    }

    internal void CountCompleted() => Interlocked.Increment(ref _completed);

    internal void CountFailed(DtlsHandshakeFailure failure) => Interlocked.Increment(ref _failed[(int)failure]);

    internal void CountDrop(DtlsDropReason reason) => Interlocked.Increment(ref _dropped[(int)reason]);

    internal void CountDiscardedRecords(long records) => Interlocked.Add(ref _discardedRecords, records);

    internal void AddBufferedBytes(long delta)
    {
        if (delta != 0)
        {
            Interlocked.Add(ref _bufferedBytes, delta);
        }
    }

    internal void ObserveHandshakeBytes(int bytes)
    {
        int seen = Volatile.Read(ref _largestHandshakeBytes);
        while (bytes > seen)
        {
            int previous = Interlocked.CompareExchange(ref _largestHandshakeBytes, bytes, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private void OnQueueTimeout(DtlsQueuedHandshake ticket)
    {
        lock (_gate)
        {
            if (ticket.Node is null)
            {
                return;
            }

            _waiting.Remove(ticket.Node);
            ticket.Node = null;
        }

        Interlocked.Increment(ref _refused);
        Refuse(ticket, $"the DTLS handshake waited {Settings.QueueTimeout.TotalSeconds:0.###} s for one of {Settings.Workers} workers");
    }

    private static void Refuse(DtlsQueuedHandshake ticket, string reason)
    {
        ticket.Timer?.Dispose();
        ticket.Endpoint.OnRefused(reason);
    }

    /// <summary>
    /// Wakes the idle workers and starts one more when the work that could run now exceeds the threads free to take
    /// it (idle, or on a short item and back soon). Called once per item queued, so the threads follow the demand, up
    /// to Workers — or Workers + 1 for short work while every thread is inside a handshake.
    /// </summary>
    private void WakeLocked()
    {
        if (_idleThreads > 0)
        {
            Monitor.PulseAll(_gate);
        }

        int demand = Math.Min(_waiting.Count, Settings.Workers - _runningHandshakes) + _work.Count;
        int free = _threads - _runningHandshakes;
        int limit = _work.Count > 0 && free == 0 ? Settings.Workers + 1 : Settings.Workers;
        if (demand > free && _threads < limit)
        {
            _threads++;
            new Thread(WorkerLoop) { IsBackground = true, Name = "dtls-worker" }.Start();
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            DtlsEndpoint? work = null;
            DtlsQueuedHandshake? handshake = null;
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed)
                    {
                        _threads--;
                        return;
                    }

                    if (_work.TryDequeue(out work))
                    {
                        break;
                    }

                    if (_runningHandshakes < Settings.Workers && _waiting.First is { } first)
                    {
                        _waiting.RemoveFirst();
                        first.Value.Node = null;
                        handshake = first.Value;
                        _runningHandshakes++;
                        break;
                    }

                    _idleThreads++;
                    bool woken = Monitor.Wait(_gate, Settings.WorkerIdleTimeout);
                    _idleThreads--;
                    if (!woken && _work.Count == 0 && (_waiting.Count == 0 || _runningHandshakes >= Settings.Workers))
                    {
                        _threads--;
                        return;
                    }
                }
            }

            try
            {
                if (handshake is not null)
                {
                    handshake.Timer?.Dispose();
                    handshake.Endpoint.RunHandshake();
                }
                else
                {
                    work!.RunPostHandshakeWork();
                }
            }
            catch (Exception)
            {
                // The endpoint reports its own failures; anything escaping is a bug. Counted; the worker lives on.
                Interlocked.Increment(ref _workerErrors);
            }
            finally
            {
                if (handshake is not null)
                {
                    lock (_gate)
                    {
                        _runningHandshakes--;
                    }
                }
            }
        }
    }
}
