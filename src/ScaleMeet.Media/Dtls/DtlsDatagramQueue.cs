using System.Buffers;
using System.Diagnostics;
using Org.BouncyCastle.Tls;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The BouncyCastle <see cref="DatagramTransport"/> of one <see cref="DtlsEndpoint"/>: a queue filled by the network
/// thread (<see cref="Enqueue"/>, which screens, budgets and copies into pooled buffers) and drained by whichever pool
/// worker runs the endpoint's handshake or post-handshake work (<see cref="Receive(byte[], int, int, int)"/>); sends
/// go straight to the owner's callback on that worker.
/// Bounds: <see cref="DtlsEndpointSettings.QueueCapacity"/> datagrams, and <see cref="DtlsEndpointSettings.MaxBufferedBytes"/>
/// for the queued bytes plus, during the handshake, the reassembly charge of <see cref="DtlsHandshakeBudget"/>.
/// The pool's buffered-bytes gauge always equals the sum of both over its endpoints.
/// Threading: <see cref="Enqueue"/>, <see cref="RequestClose"/> and the mode changes from any thread (one lock);
/// <see cref="Receive(byte[], int, int, int)"/> and <see cref="Send(byte[], int, int)"/> on the worker that owns the
/// association at the time. Receive contract (as BouncyCastle's UDP transport): waitMillis 0 waits forever, −1 is a
/// timeout; after the handshake it never waits longer than 1 ms.
/// <para>Silence: from <see cref="BeginHandshake"/> on, one timer of the pool's clock watches the time since the last
/// datagram accepted. It is not moved per datagram: when it fires it looks at that time and either re-arms for the
/// rest or marks the peer silent and wakes the worker, whose Receive then throws <see cref="DtlsPeerSilentException"/>.
/// No thread waits for it and nothing polls; the timer ends with the handshake.</para>
/// </summary>
internal sealed class DtlsDatagramQueue : DatagramTransport
{
    /// <summary>Largest datagram accepted; larger ones are counted as malformed.</summary>
    public const int MaxDatagramSize = DtlsEndpoint.MaxDatagramSize;

    /// <summary>Largest datagram sent: 1200 bytes keeps a flight under the path MTU even through TURN (RFC 8261 §5 uses the same figure).</summary>
    public const int SendLimit = 1200;

    private readonly object _gate = new();
    private readonly Queue<(byte[] Buffer, int Length)> _queue;
    private readonly DtlsEndpointSettings _settings;
    private readonly DtlsHandshakePool _pool;
    private readonly DtlsHandshakeBudget _budget = new();
    private readonly Action<ReadOnlyMemory<byte>> _send;
    private readonly long[] _drops = new long[Enum.GetValues<DtlsDropReason>().Length];
    private DtlsQueueMode _mode;    // guarded by _gate
    private int _queuedBytes;       // guarded by _gate
    private bool _closeRequested;   // guarded by _gate: the owner asked to close
    private bool _cancelIssued;     // guarded by _gate: the close handler has run (or is running)
    private bool _transportClosed;  // guarded by _gate: BouncyCastle closed us (close_notify, failure, cancel)
    private double _tokens;         // guarded by _gate: post-handshake token bucket
    private long _lastRefill;       // guarded by _gate
    private long _heardAt;          // guarded by _gate: pool-clock timestamp of the last datagram accepted (or of BeginHandshake)
    private TimeSpan _silenceTimeout; // guarded by _gate
    private ITimer? _silenceTimer;  // guarded by _gate: armed from BeginHandshake until the handshake ends
    private bool _silent;           // guarded by _gate: the peer was silent for _silenceTimeout; final
    private int _peakBytes;
    private long _recordsReceived;
    private long _sendFailures;

    public DtlsDatagramQueue(DtlsEndpointSettings settings, DtlsHandshakePool pool, Action<ReadOnlyMemory<byte>> send)
    {
        _settings = settings;
        _pool = pool;
        _queue = new Queue<(byte[], int)>(Math.Min(settings.QueueCapacity, 16));
        _send = send;
    }

    /// <summary>Runs once on the worker when a close was requested during the handshake: cancels the TLS peer (user_canceled, close_notify).</summary>
    public Action? CloseRequestedHandler { get; set; }

    /// <summary>Sends whose callback threw (the datagram is lost; DTLS retransmission covers it).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>The last exception thrown by the send callback, for diagnostics.</summary>
    public Exception? LastSendError { get; private set; }

    /// <summary>Records handed to BouncyCastle after the handshake (those it authenticated are counted by the endpoint).</summary>
    public long RecordsReceivedAfterHandshake => Interlocked.Read(ref _recordsReceived);

    /// <summary>The most bytes this endpoint held at once during its handshake (queue plus reassembly charge).</summary>
    public int PeakHandshakeBytes => Volatile.Read(ref _peakBytes);

    /// <summary>True when a datagram waits to be received.</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count > 0;
            }
        }
    }

    /// <summary>The peer sent nothing for the silence timeout during the handshake (the handshake then failed or fails).</summary>
    public bool PeerSilent
    {
        get
        {
            lock (_gate)
            {
                return _silent;
            }
        }
    }

    /// <summary>BouncyCastle closed the transport (after close_notify either way, a fatal alert or a failure).</summary>
    public bool TransportClosed
    {
        get
        {
            lock (_gate)
            {
                return _transportClosed;
            }
        }
    }

    /// <summary>Datagrams dropped for <paramref name="reason"/>.</summary>
    public long Dropped(DtlsDropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    /// <summary>Screens, budgets and queues one datagram; null when queued, else why it was dropped (already counted).</summary>
    public DtlsDropReason? Enqueue(ReadOnlySpan<byte> datagram)
    {
        DtlsDropReason? drop = datagram.Length > MaxDatagramSize
            ? DtlsDropReason.Malformed
            : DtlsDatagramScreen.Screen(datagram, _settings.MaxHandshakeMessageSize) switch
            {
                DtlsScreenVerdict.Accepted => null,
                DtlsScreenVerdict.OversizeMessage => DtlsDropReason.OversizeMessage,
                _ => DtlsDropReason.Malformed,
            };
        if (drop is null)
        {
            lock (_gate)
            {
                drop = AdmitLocked(datagram);
                if (drop is null)
                {
                    byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
                    datagram.CopyTo(buffer);
                    _queue.Enqueue((buffer, datagram.Length));
                    _queuedBytes += datagram.Length;
                    _pool.AddBufferedBytes(datagram.Length);
                    if (_mode == DtlsQueueMode.Handshake)
                    {
                        _heardAt = _pool.Time.GetTimestamp();
                        int held = _queuedBytes + _budget.Charged;
                        if (held > _peakBytes)
                        {
                            Volatile.Write(ref _peakBytes, held);
                            _pool.ObserveHandshakeBytes(held);
                        }
                    }

                    Monitor.Pulse(_gate);
                    return null;
                }
            }
        }

        Interlocked.Increment(ref _drops[(int)drop.Value]);
        _pool.CountDrop(drop.Value);
        return drop;
    }

    /// <summary>
    /// A worker took the handshake: the peer's silence is measured from now (time spent queued does not count), and
    /// when <paramref name="silenceTimeout"/> is set a timer watches it. Called once, on that worker.
    /// </summary>
    public void BeginHandshake(TimeSpan? silenceTimeout)
    {
        lock (_gate)
        {
            _heardAt = _pool.Time.GetTimestamp();
            if (silenceTimeout is not { } timeout || _closeRequested || _transportClosed || _silenceTimer is not null)
            {
                return;
            }

            _silenceTimeout = timeout;
            _silenceTimer = _pool.Time.CreateTimer(static state => ((DtlsDatagramQueue)state!).OnSilenceTimer(), this, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The keys are out: the reassembly charge is released; the token bucket and the 1 ms receive apply from now on.</summary>
    public void EnterFinalFlight()
    {
        ITimer? silenceTimer;
        lock (_gate)
        {
            silenceTimer = TakeSilenceTimerLocked();
            _pool.AddBufferedBytes(-_budget.Charged);
            _budget.Reset();
            _mode = DtlsQueueMode.FinalFlight;
            _tokens = _settings.PostHandshakeDatagramsPerSecond;
            _lastRefill = _pool.Time.GetTimestamp();
        }

        silenceTimer?.Dispose();
    }

    /// <summary>The peer has our keys: only encrypted alerts are queued from now on.</summary>
    public void Settle()
    {
        lock (_gate)
        {
            if (_mode == DtlsQueueMode.FinalFlight)
            {
                _mode = DtlsQueueMode.Settled;
            }
        }
    }

    /// <summary>Asks the worker to close: its current or next handshake Receive runs the close handler and then fails.</summary>
    public void RequestClose()
    {
        lock (_gate)
        {
            _closeRequested = true;
            ClearLocked();
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Returns every buffer and releases every byte this endpoint held (it is finished).</summary>
    public void Release()
    {
        ITimer? silenceTimer;
        lock (_gate)
        {
            _closeRequested = true;
            silenceTimer = TakeSilenceTimerLocked();
            ClearLocked();
            _pool.AddBufferedBytes(-_budget.Charged);
            _budget.Reset();
            Monitor.PulseAll(_gate);
        }

        silenceTimer?.Dispose();
    }

    public int GetReceiveLimit() => MaxDatagramSize;

    public int GetSendLimit() => SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        (byte[] Buffer, int Length) datagram;
        long deadline = waitMillis > 0 ? Stopwatch.GetTimestamp() + waitMillis * Stopwatch.Frequency / 1000 : 0;
        lock (_gate)
        {
            if (_mode != DtlsQueueMode.Handshake)
            {
                // After the handshake a work item drains what is queued; it never holds its worker for long.
                if (_closeRequested || _transportClosed || (!TryDequeueLocked(out datagram) && !WaitBrieflyLocked(out datagram)))
                {
                    return -1;
                }
            }
            else
            {
                while (true)
                {
                    if (_closeRequested && !_cancelIssued && !_transportClosed)
                    {
                        _cancelIssued = true;
                        datagram = default;
                        break;
                    }

                    if (_closeRequested || _transportClosed)
                    {
                        throw new DtlsTransportClosedException();
                    }

                    if (_silent)
                    {
                        throw new DtlsPeerSilentException();
                    }

                    if (TryDequeueLocked(out datagram))
                    {
                        break;
                    }

                    if (waitMillis == 0)
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }

                    long remainingMs = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                    if (remainingMs <= 0)
                    {
                        return -1;
                    }

                    Monitor.Wait(_gate, (int)Math.Min(remainingMs, int.MaxValue));
                }
            }
        }

        if (datagram.Buffer is null)
        {
            // Close requested: let BouncyCastle send user_canceled/close_notify from this (its own) worker, then unwind.
            CloseRequestedHandler?.Invoke();
            throw new DtlsTransportClosedException();
        }

        // A datagram larger than the buffer is truncated; the record layer then discards it (length mismatch).
        int copied = Math.Min(buffer.Length, datagram.Length);
        datagram.Buffer.AsSpan(0, copied).CopyTo(buffer);
        ArrayPool<byte>.Shared.Return(datagram.Buffer);
        return copied;
    }

    public void Send(byte[] buf, int off, int len)
    {
        try
        {
            _send(new ReadOnlyMemory<byte>(buf, off, len));
        }
        catch (Exception ex)
        {
            // A failed UDP send is a lost datagram; DTLS retransmits. Counted, never thrown into BouncyCastle.
            Interlocked.Increment(ref _sendFailures);
            LastSendError = ex;
        }
    }

    public void Send(ReadOnlySpan<byte> buffer)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(copy);
            Send(copy, 0, buffer.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>BouncyCastle closed the transport (close_notify exchanged, fatal alert, cancel).</summary>
    public void Close()
    {
        ITimer? silenceTimer;
        lock (_gate)
        {
            _transportClosed = true;
            silenceTimer = TakeSilenceTimerLocked();
            ClearLocked();
            Monitor.PulseAll(_gate);
        }

        silenceTimer?.Dispose();
    }

    /// <summary>
    /// The silence timer fired: the peer is silent when nothing arrived for the whole timeout, else the timer is re-armed
    /// for what is left of it since the last datagram (one timer change per timeout, not per datagram).
    /// </summary>
    private void OnSilenceTimer()
    {
        ITimer? timer;
        TimeSpan rest;
        lock (_gate)
        {
            timer = _silenceTimer;
            if (timer is null || _mode != DtlsQueueMode.Handshake)
            {
                return;
            }

            rest = _silenceTimeout - _pool.Time.GetElapsedTime(_heardAt);
            if (rest <= TimeSpan.Zero)
            {
                _silent = true;
                Monitor.PulseAll(_gate);
                return;
            }
        }

        // Outside the lock: a timer change takes the timer queue's lock. The handshake may have ended meanwhile.
        try
        {
            timer.Change(rest, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private ITimer? TakeSilenceTimerLocked()
    {
        ITimer? timer = _silenceTimer;
        _silenceTimer = null;
        return timer;
    }

    private DtlsDropReason? AdmitLocked(ReadOnlySpan<byte> datagram)
    {
        if (_closeRequested || _transportClosed)
        {
            return DtlsDropReason.Closed;
        }

        if (_queue.Count >= _settings.QueueCapacity)
        {
            return DtlsDropReason.QueueFull;
        }

        if (_mode == DtlsQueueMode.Handshake)
        {
            int available = _settings.MaxBufferedBytes - _queuedBytes - _budget.Charged - datagram.Length;
            if (available < 0)
            {
                return DtlsDropReason.OverBudget;
            }

            switch (_budget.TryCharge(datagram, available, out int cost))
            {
                case DtlsBudgetResult.Contradictory:
                    return DtlsDropReason.Malformed;
                case DtlsBudgetResult.OverBudget:
                    return DtlsDropReason.OverBudget;
                default:
                    _pool.AddBufferedBytes(cost);
                    return null;
            }
        }

        if (_queuedBytes + datagram.Length > _settings.MaxBufferedBytes)
        {
            return DtlsDropReason.QueueFull;
        }

        if (_mode == DtlsQueueMode.Settled && !DtlsDatagramScreen.IsOnlyEncryptedAlerts(datagram))
        {
            return DtlsDropReason.AfterHandshake;
        }

        return TakeTokenLocked() ? null : DtlsDropReason.RateLimited;
    }

    private bool TakeTokenLocked()
    {
        long now = _pool.Time.GetTimestamp();
        double rate = _settings.PostHandshakeDatagramsPerSecond;
        _tokens = Math.Min(rate, _tokens + _pool.Time.GetElapsedTime(_lastRefill, now).TotalSeconds * rate);
        _lastRefill = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    private bool TryDequeueLocked(out (byte[] Buffer, int Length) datagram)
    {
        if (!_queue.TryDequeue(out datagram))
        {
            return false;
        }

        _queuedBytes -= datagram.Length;
        _pool.AddBufferedBytes(-datagram.Length);
        if (_mode != DtlsQueueMode.Handshake)
        {
            Interlocked.Add(ref _recordsReceived, DtlsDatagramScreen.CountRecords(datagram.Buffer.AsSpan(0, datagram.Length)));
        }

        return true;
    }

    /// <summary>One 1 ms wait for a datagram (BouncyCastle's record layer asks again until its own wait ends).</summary>
    private bool WaitBrieflyLocked(out (byte[] Buffer, int Length) datagram)
    {
        Monitor.Wait(_gate, 1);
        datagram = default;
        return !_closeRequested && !_transportClosed && TryDequeueLocked(out datagram);
    }

    private void ClearLocked()
    {
        while (_queue.TryDequeue(out var datagram))
        {
            ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }

        _pool.AddBufferedBytes(-_queuedBytes);
        _queuedBytes = 0;
    }
}
