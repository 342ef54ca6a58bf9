using System.Net;
using System.Net.Sockets;

namespace ScaleMeet.Bridge.Loop;

/// <summary>
/// Wakes a media loop sleeping in <c>poll</c> on its socket when a command is posted: a one-byte datagram from a
/// socket of its own to the media socket. The loop recognises it by its source address (<see cref="IsWakeUp"/>) and
/// drops it. At most one wake-up is in flight: <see cref="Wake"/> sends only when the loop has taken the previous one
/// (<see cref="Rearm"/>, called before the loop drains its commands).
/// <para>Threading: <see cref="Wake"/> from any thread; <see cref="IsWakeUp"/> and <see cref="Rearm"/> on the loop.</para>
/// </summary>
internal sealed class LoopWaker : IDisposable
{
    private static readonly byte[] s_wakeUp = [0];

    private readonly Socket _socket;
    private readonly IPEndPoint _target;
    private readonly SocketAddress _source;
    private int _pending;

    /// <param name="mediaEndPoint">The media socket's local end point (a wildcard address is reached on loopback).</param>
    public LoopWaker(IPEndPoint mediaEndPoint)
    {
        var address = mediaEndPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : mediaEndPoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : mediaEndPoint.Address;
        _target = new IPEndPoint(address, mediaEndPoint.Port);
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(address, 0));
        _source = _socket.LocalEndPoint!.Serialize();
    }

    public void Wake()
    {
        if (Interlocked.Exchange(ref _pending, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.SendTo(s_wakeUp, _target);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The loop still looks at its commands at the next tick (at most 20 ms later).
        }
    }

    /// <summary>The loop is about to drain its commands: a command posted from now on sends a new wake-up.</summary>
    public void Rearm() => Volatile.Write(ref _pending, 0);

    public bool IsWakeUp(SocketAddress from) => from.Equals(_source);

    public void Dispose() => _socket.Dispose();
}
