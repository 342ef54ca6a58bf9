using System.Diagnostics;
using Org.BouncyCastle.Crypto.Tls;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The BouncyCastle <see cref="DatagramTransport"/> of one <see cref="DtlsEndpoint"/>: a bounded queue filled by the
/// network thread (<see cref="Enqueue"/>) and drained by the DTLS thread (<see cref="Receive"/>); sends go straight
/// to the owner's callback on the DTLS thread.
/// Threading: <see cref="Enqueue"/> and <see cref="RequestClose"/> from any thread; everything else on the DTLS thread.
/// Contract of <see cref="Receive"/> (as BouncyCastle's UDP transport): waitMillis 0 waits forever, −1 means timeout.
/// </summary>
internal sealed class DtlsDatagramQueue : DatagramTransport
{
    /// <summary>Largest datagram accepted (Ethernet MTU); larger ones are counted as malformed.</summary>
    public const int MaxDatagramSize = 1500;

    /// <summary>
    /// What we report to BouncyCastle, which derives its record buffers from it after subtracting the cipher's
    /// expansion (up to 64 bytes for CBC-SHA256): the headroom keeps an accepted datagram from being truncated.
    /// </summary>
    public const int ReceiveLimit = MaxDatagramSize + 80;

    /// <summary>Largest datagram sent: 1200 bytes keeps a flight under the path MTU even through TURN (RFC 8261 §5 uses the same figure).</summary>
    public const int SendLimit = 1200;

    private readonly object _gate = new();
    private readonly Queue<byte[]> _queue;
    private readonly int _capacity;
    private readonly Action<ReadOnlyMemory<byte>> _send;
    private bool _closeRequested;   // guarded by _gate: the owner asked to close
    private bool _cancelIssued;     // guarded by _gate: the close handler has run (or is running)
    private bool _transportClosed;  // guarded by _gate: BouncyCastle closed us (close_notify, failure, cancel)
    private long _dropped;
    private long _malformed;
    private long _sendFailures;
    private volatile bool _suppressSends;

    public DtlsDatagramQueue(int capacity, Action<ReadOnlyMemory<byte>> send)
    {
        _capacity = capacity;
        _queue = new Queue<byte[]>(Math.Min(capacity, 16));
        _send = send;
    }

    /// <summary>Runs once on the DTLS thread when a close was requested: cancels the TLS peer (sends user_canceled / close_notify).</summary>
    public Action? CloseRequestedHandler { get; set; }

    /// <summary>Set after the handshake when we raise a fatal alert for a forged/garbled record: the real peer is not told.</summary>
    public bool SuppressSends
    {
        get => _suppressSends;
        set => _suppressSends = value;
    }

    /// <summary>Datagrams dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Datagrams dropped by <see cref="DtlsDatagramScreen"/> (not well-formed DTLS) or oversize.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Sends whose callback threw (the datagram is lost; DTLS retransmission covers it).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>The last exception thrown by the send callback, for diagnostics.</summary>
    public Exception? LastSendError { get; private set; }

    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > MaxDatagramSize || !DtlsDatagramScreen.IsAcceptable(datagram))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        lock (_gate)
        {
            if (_closeRequested || _transportClosed || _queue.Count >= _capacity)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            _queue.Enqueue(datagram.ToArray());
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Asks the DTLS thread to close: its current or next <see cref="Receive"/> runs the close handler and then fails.</summary>
    public void RequestClose()
    {
        lock (_gate)
        {
            _closeRequested = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis)
    {
        byte[]? datagram;
        long deadline = waitMillis > 0 ? Stopwatch.GetTimestamp() + waitMillis * Stopwatch.Frequency / 1000 : 0;
        lock (_gate)
        {
            while (true)
            {
                if (_closeRequested && !_cancelIssued && !_transportClosed)
                {
                    _cancelIssued = true;
                    datagram = null;
                    break;
                }

                if (_closeRequested || _transportClosed)
                {
                    throw new DtlsTransportClosedException();
                }

                if (_queue.TryDequeue(out datagram))
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

        if (datagram is null)
        {
            // Close requested: let BouncyCastle send user_canceled/close_notify from this (its own) thread, then unwind.
            CloseRequestedHandler?.Invoke();
            throw new DtlsTransportClosedException();
        }

        // A datagram larger than the buffer is truncated; the record layer then discards it (length mismatch).
        int copied = Math.Min(len, datagram.Length);
        Buffer.BlockCopy(datagram, 0, buf, off, copied);
        return copied;
    }

    public void Send(byte[] buf, int off, int len)
    {
        if (_suppressSends)
        {
            return;
        }

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

    public void Close()
    {
        lock (_gate)
        {
            _transportClosed = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }
    }
}
