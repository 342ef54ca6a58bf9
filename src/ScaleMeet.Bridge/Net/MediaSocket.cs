using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ScaleMeet.Bridge.Net;

/// <summary>
/// The bridge's one UDP socket, with batched I/O: on 64-bit Linux one <c>recvmmsg</c> reads up to
/// <see cref="BatchSize"/> datagrams and the datagrams the loop sends are queued and leave in one <c>sendmmsg</c> per
/// <see cref="Flush"/>; elsewhere the same API falls back to one call per datagram.
/// <para>Threading: <see cref="ReceiveBatch"/>, <see cref="Send"/> and <see cref="Flush"/> belong to the media loop
/// (its owner flushes after every batch of work); <see cref="SendNow"/> is for other threads (DTLS handshakes) and
/// sends at once. No allocation per datagram.</para>
/// </summary>
internal sealed class MediaSocket : IDisposable
{
    /// <summary>Datagrams per receive or send system call.</summary>
    public const int BatchSize = 32;

    /// <summary>Largest datagram handled (RTP/RTCP/DTLS from browsers stay under the 1500-byte MTU).</summary>
    public const int MaxDatagram = 2048;

    private readonly Socket _socket;
    private readonly bool _batched;
    private readonly MessageBatch? _receive;
    private readonly MessageBatch? _send;
    private readonly byte[][] _fallbackBuffers = [];
    private readonly SocketAddress[] _fallbackAddresses = [];
    private readonly int[] _fallbackLengths = [];
    private long _sendErrors;
    private long _sendCalls;
    private volatile bool _disposed;

    /// <param name="purpose">What the port is for, in the error message when it cannot be bound.</param>
    /// <param name="setting">The setting that chooses the port, in that message.</param>
    public MediaSocket(IPAddress bindAddress, int port, bool allowBatching = true, string purpose = "media",
        string setting = "ScaleMeet:Bridge:UdpPort / --udp-port")
    {
        _socket = new Socket(bindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.SendBufferSize = 4 * 1024 * 1024;
        try
        {
            _socket.Bind(new IPEndPoint(bindAddress, port));
        }
        catch (SocketException ex)
        {
            _socket.Dispose();
            throw new InvalidOperationException(
                $"cannot bind the {purpose} UDP port {bindAddress}:{port}: {ex.Message} (set {setting} to a free port)", ex);
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _batched = allowBatching && LinuxSocketCalls.Available;
        if (_batched)
        {
            _receive = new MessageBatch(BatchSize, MaxDatagram);
            _send = new MessageBatch(BatchSize, MaxDatagram);
        }
        else
        {
            _fallbackBuffers = Enumerable.Range(0, BatchSize).Select(_ => new byte[MaxDatagram]).ToArray();
            _fallbackAddresses = Enumerable.Range(0, BatchSize).Select(_ => new SocketAddress(bindAddress.AddressFamily)).ToArray();
            _fallbackLengths = new int[BatchSize];
        }
    }

    public IPEndPoint LocalEndPoint { get; }

    public AddressFamily AddressFamily => _socket.AddressFamily;

    /// <summary>True when datagrams move in batches (recvmmsg/sendmmsg).</summary>
    public bool IsBatched => _batched;

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>System calls made to send (for batching statistics).</summary>
    public long SendCalls => Interlocked.Read(ref _sendCalls);

    /// <summary>Waits up to <paramref name="timeoutMicroseconds"/> for a datagram.</summary>
    public bool WaitReadable(int timeoutMicroseconds) => _socket.Poll(timeoutMicroseconds, SelectMode.SelectRead);

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> for a datagram on this socket or on <paramref name="other"/>;
    /// says which have one. One <c>poll(2)</c> on Linux, no allocation; elsewhere a short poll of each in turn.
    /// </summary>
    public unsafe void WaitReadable(MediaSocket other, int timeoutMilliseconds, out bool readable, out bool otherReadable)
    {
        if (!_batched || !other._batched)
        {
            var deadline = Environment.TickCount64 + timeoutMilliseconds;
            do
            {
                readable = WaitReadable(1000);
                otherReadable = other.WaitReadable(0);
            }
            while (!readable && !otherReadable && Environment.TickCount64 < deadline);
            return;
        }

        var fds = stackalloc LinuxSocketCalls.PollFd[2];
        fds[0] = new LinuxSocketCalls.PollFd { Fd = Descriptor(), Events = LinuxSocketCalls.PollIn };
        fds[1] = new LinuxSocketCalls.PollFd { Fd = other.Descriptor(), Events = LinuxSocketCalls.PollIn };
        int ready;
        try
        {
            ready = LinuxSocketCalls.Poll(fds, 2, timeoutMilliseconds);
        }
        catch (ObjectDisposedException)
        {
            ready = -1;
        }

        // Anything but "nothing to read" (data, an error, a closed socket) is readable: the receive call tells which.
        readable = ready != 0 && fds[0].Revents != 0;
        otherReadable = ready != 0 && fds[1].Revents != 0;
        if (ready < 0)
        {
            readable = otherReadable = Marshal.GetLastPInvokeError() != LinuxSocketCalls.EIntr;
        }
    }

    /// <summary>
    /// Reads the datagrams waiting now (at most <see cref="BatchSize"/>) without blocking; returns how many, or −1 when
    /// the socket is closed. Read them with <see cref="GetReceived"/> before the next call.
    /// </summary>
    public unsafe int ReceiveBatch()
    {
        if (!_batched)
        {
            return ReceiveFallback();
        }

        var batch = _receive!;
        batch.PrepareReceive();
        int count;
        do
        {
            try
            {
                count = LinuxSocketCalls.RecvMmsg(Descriptor(), batch.Headers, (uint)batch.Capacity, LinuxSocketCalls.DontWait, 0);
            }
            catch (ObjectDisposedException)
            {
                return -1;
            }
        }
        while (count < 0 && Marshal.GetLastPInvokeError() == LinuxSocketCalls.EIntr);

        if (count < 0)
        {
            // EAGAIN: nothing (an ICMP error can make poll say readable); anything else after close means closed.
            return Marshal.GetLastPInvokeError() == LinuxSocketCalls.EAgain ? 0 : (_disposed ? -1 : 0);
        }

        batch.Count = count;
        return count;
    }

    /// <summary>Datagram <paramref name="index"/> of the last <see cref="ReceiveBatch"/>; <paramref name="from"/> is set to its sender.</summary>
    public Span<byte> GetReceived(int index, SocketAddress from)
    {
        if (!_batched)
        {
            var source = _fallbackAddresses[index];
            from.Size = source.Size;
            source.Buffer.Span[..source.Size].CopyTo(from.Buffer.Span);
            return _fallbackBuffers[index].AsSpan(0, _fallbackLengths[index]);
        }

        var address = _receive!.Address(index);
        from.Size = address.Length;
        address.CopyTo(from.Buffer.Span);
        return _receive.Datagram(index);
    }

    /// <summary>Queues <paramref name="datagram"/> for <paramref name="to"/>; it leaves at the next <see cref="Flush"/> (media loop only).</summary>
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (!_batched)
        {
            SendNow(datagram, to);
            return;
        }

        var address = to.Buffer.Span[..to.Size];
        if (!_send!.TryAdd(datagram, address))
        {
            Flush();
            if (!_send.TryAdd(datagram, address))
            {
                Interlocked.Increment(ref _sendErrors); // larger than MaxDatagram: never sent
            }
        }
    }

    /// <summary>Sends what <see cref="Send"/> queued (media loop only).</summary>
    public unsafe void Flush()
    {
        var batch = _send;
        if (batch is null || batch.Count == 0)
        {
            return;
        }

        var offset = 0;
        while (offset < batch.Count)
        {
            int sent;
            try
            {
                sent = LinuxSocketCalls.SendMmsg(Descriptor(), batch.Headers + offset, (uint)(batch.Count - offset), 0);
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            Interlocked.Increment(ref _sendCalls);
            if (sent > 0)
            {
                offset += sent;
            }
            else if (Marshal.GetLastPInvokeError() != LinuxSocketCalls.EIntr)
            {
                // The first datagram failed (e.g. unreachable network): count it and go on with the rest.
                Interlocked.Increment(ref _sendErrors);
                offset++;
            }
        }

        batch.Count = 0;
    }

    /// <summary>Sends one datagram now; any thread (the kernel serialises datagram sends).</summary>
    public void SendNow(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
            Interlocked.Increment(ref _sendCalls);
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
    }

    private int Descriptor() => (int)_socket.SafeHandle.DangerousGetHandle();

    private int ReceiveFallback()
    {
        var count = 0;
        try
        {
            while (count < BatchSize && (count == 0 || _socket.Available > 0))
            {
                _fallbackLengths[count] = _socket.ReceiveFrom(_fallbackBuffers[count], SocketFlags.None, _fallbackAddresses[count]);
                count++;
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize or SocketError.WouldBlock)
        {
            // ICMP port unreachable from an earlier send, or an oversized datagram: not fatal.
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }

        return count;
    }
}
