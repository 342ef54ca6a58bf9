using System.Net;
using System.Net.Sockets;

namespace ScaleMeet.Bridge.Net;

/// <summary>
/// The bridge's one UDP socket. Receive is called only by the media loop; Send may be called from the
/// loop and from DTLS handshake threads (the kernel serialises datagram sends). No allocation per call:
/// <see cref="SocketAddress"/> instances are filled in place.
/// </summary>
internal sealed class MediaSocket : IDisposable
{
    private readonly Socket _socket;
    private long _sendErrors;

    public MediaSocket(IPAddress bindAddress, int port)
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
                $"cannot bind the media UDP port {bindAddress}:{port}: {ex.Message} (set ScaleMeet:Bridge:UdpPort / --udp-port to a free port)", ex);
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public AddressFamily AddressFamily => _socket.AddressFamily;

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Waits up to <paramref name="timeoutMicroseconds"/> for a datagram.</summary>
    public bool WaitReadable(int timeoutMicroseconds) => _socket.Poll(timeoutMicroseconds, SelectMode.SelectRead);

    public bool HasData => _socket.Available > 0;

    /// <summary>Receives one datagram; returns its length, or −1 when the socket is closed.</summary>
    public int Receive(Span<byte> buffer, SocketAddress from)
    {
        try
        {
            return _socket.ReceiveFrom(buffer, SocketFlags.None, from);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
        {
            // ICMP port unreachable from an earlier send, or an oversized datagram: not fatal.
            return 0;
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
    }

    public void Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _socket.Dispose();
}
