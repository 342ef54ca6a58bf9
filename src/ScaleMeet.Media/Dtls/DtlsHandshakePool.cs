namespace ScaleMeet.Media.Dtls;

/// <summary>
/// Runs the handshakes of many <see cref="DtlsEndpoint"/>s on a bounded set of worker threads. BouncyCastle's
/// handshake blocks, so a running handshake holds one worker until it finishes; at most
/// <see cref="DtlsPoolSettings.Workers"/> run at once, up to <see cref="DtlsPoolSettings.QueueCapacity"/> wait (FIFO)
/// for at most <see cref="DtlsPoolSettings.QueueTimeout"/>, and anything beyond is refused — the endpoint fails with
/// <see cref="DtlsHandshakeFailure.Refused"/>. Fairness: at most <see cref="DtlsPoolSettings.MaxHandshakesPerAddress"/>
/// handshakes of one peer address (<see cref="DtlsAddressKey"/>) run at once; a queued handshake whose address has its
/// share running is passed over, not waited for, so the next one from another address takes the free worker. With the
/// silence timeout of the endpoints (<see cref="DtlsEndpointSettings.HandshakeSilenceTimeout"/>) this bounds what peers
/// that stall their handshakes cost everyone else: a share of the workers, for a few seconds. After its handshake an endpoint holds no thread: each later datagram
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
    private readonly Dictionary<DtlsAddressKey, DtlsAddressShare> _shares = [];  // guarded by _gate: addresses with handshakes queued or running
    private readonly int _sharePerAddress;
    private int _threads;            // guarded by _gate
    private int _idleThreads;        // guarded by _gate
    private int _runningHandshakes;  // guarded by _gate
    private int _runnable;           // guarded by _gate: queued handshakes that may start now (their address below its share)
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
        _sharePerAddress = settings.EffectiveMaxHandshakesPerAddress;
    }

    /// <summary>A process-wide pool (8 workers, generous queue) for clients such as the load tester's peers and tests.</summary>
    public static DtlsHandshakePool Shared => s_shared.Value;

    public DtlsPoolSettings Settings { get; }

    /// <summary>The clock of the queue, handshake, silence, final-flight and post-handshake rate timers.</summary>
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

    /// <summary>Queued handshakes passed over now because their address has its share of workers running.</summary>
    public int QueuedOverShare
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count - _runnable;
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
                RemoveWaitingLocked(first.Value);
                refused.Add(first.Value);
            }

            Monitor.PulseAll(_gate);
        }

        foreach (DtlsQueuedHandshake ticket in refused)
        {
            Refuse(ticket, "the DTLS handshake pool is shutting down");
        }
    }

    /// <summary>
    /// Queues a handshake, counted against <paramref name="address"/>'s share of the workers (null: not limited); null
    /// (with the reason, already counted) when there is no room.
    /// </summary>
    internal DtlsQueuedHandshake? TryQueueHandshake(DtlsEndpoint endpoint, DtlsAddressKey? address, out string? refusal)
    {
        var ticket = new DtlsQueuedHandshake(endpoint, address);
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
                ChangeShareLocked(address, waiting: 1, running: 0);
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

            RemoveWaitingLocked(ticket);
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

            RemoveWaitingLocked(ticket);
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

        int demand = Math.Min(_runnable, Settings.Workers - _runningHandshakes) + _work.Count;
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

                    if (_runningHandshakes < Settings.Workers && _runnable > 0)
                    {
                        handshake = FirstRunnableLocked();
                        RemoveWaitingLocked(handshake);
                        ChangeShareLocked(handshake.Address, waiting: 0, running: 1);
                        _runningHandshakes++;
                        break;
                    }

                    _idleThreads++;
                    bool woken = Monitor.Wait(_gate, Settings.WorkerIdleTimeout);
                    _idleThreads--;
                    if (!woken && _work.Count == 0 && (_runnable == 0 || _runningHandshakes >= Settings.Workers))
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
                        ChangeShareLocked(handshake.Address, waiting: 0, running: -1);
                        if (_runnable > 0)
                        {
                            // Its address may have had handshakes passed over: they can run now (this thread takes one first).
                            WakeLocked();
                        }
                    }
                }
            }
        }
    }

    /// <summary>The oldest queued handshake whose address is below its share; only called while <see cref="_runnable"/> &gt; 0.</summary>
    /// <remarks>Passes over the handshakes of addresses at their share: O(those), at most the queue capacity.</remarks>
    private DtlsQueuedHandshake FirstRunnableLocked()
    {
        for (LinkedListNode<DtlsQueuedHandshake>? node = _waiting.First; node is not null; node = node.Next)
        {
            if (node.Value.Address is not { } address || _shares[address].Running < _sharePerAddress)
            {
                return node.Value;
            }
        }

        throw new InvalidOperationException($"{_runnable} handshakes counted as runnable, but every queued one is at its address's share.");
    }

    private void RemoveWaitingLocked(DtlsQueuedHandshake ticket)
    {
        _waiting.Remove(ticket.Node!);
        ticket.Node = null;
        ChangeShareLocked(ticket.Address, waiting: -1, running: 0);
    }

    /// <summary>
    /// Moves an address's queued and running counts and keeps <see cref="_runnable"/> equal to the sum, over the queue,
    /// of what may start now: every handshake without an address, and for each address min(queued, share − running).
    /// </summary>
    private void ChangeShareLocked(DtlsAddressKey? address, int waiting, int running)
    {
        if (address is not { } key)
        {
            _runnable += waiting;
            return;
        }

        _shares.TryGetValue(key, out DtlsAddressShare share);
        _runnable -= share.Runnable(_sharePerAddress);
        share = new DtlsAddressShare(share.Waiting + waiting, share.Running + running);
        _runnable += share.Runnable(_sharePerAddress);
        if (share.Waiting == 0 && share.Running == 0)
        {
            _shares.Remove(key);
        }
        else
        {
            _shares[key] = share;
        }
    }
}
