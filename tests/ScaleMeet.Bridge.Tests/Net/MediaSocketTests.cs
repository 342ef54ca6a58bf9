using System.Net;
using System.Net.Sockets;
using ScaleMeet.Bridge.Net;

namespace ScaleMeet.Bridge.Tests.Net;

public sealed class MediaSocketTests
{
    public static TheoryData<bool> Modes => new() { true, false };

    [Theory]
    [MemberData(nameof(Modes))]
    public void ReceiveBatch_ManyDatagramsFromTwoPeers_EachArrivesOnceWithItsSender(bool batching)
    {
        using var socket = new MediaSocket(IPAddress.Loopback, 0, batching);
        using var a = Peer();
        using var b = Peer();
        for (var i = 0; i < 50; i++)
        {
            a.SendTo(Payload(i, 100 + i), socket.LocalEndPoint);
            b.SendTo(Payload(1000 + i, 1200), socket.LocalEndPoint);
        }

        var from = new SocketAddress(AddressFamily.InterNetwork);
        var seen = new Dictionary<int, EndPoint>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (seen.Count < 100 && DateTime.UtcNow < deadline)
        {
            if (!socket.WaitReadable(100_000))
            {
                continue;
            }

            var count = socket.ReceiveBatch();
            Assert.InRange(count, 0, MediaSocket.BatchSize);
            for (var i = 0; i < count; i++)
            {
                var datagram = socket.GetReceived(i, from);
                var id = BitConverter.ToInt32(datagram);
                Assert.Equal(id < 1000 ? 100 + id : 1200, datagram.Length);
                Assert.True(seen.TryAdd(id, new IPEndPoint(IPAddress.Any, 0).Create(from)), $"datagram {id} twice");
            }
        }

        Assert.Equal(100, seen.Count);
        Assert.All(seen, kv => Assert.Equal(kv.Key < 1000 ? a.LocalEndPoint : b.LocalEndPoint, kv.Value));
        Assert.Equal(batching && OperatingSystem.IsLinux(), socket.IsBatched);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Send_QueuedUntilFlush_ThenEveryDatagramArrivesIntact(bool batching)
    {
        using var socket = new MediaSocket(IPAddress.Loopback, 0, batching);
        using var a = Peer();
        using var b = Peer();
        var toA = ((IPEndPoint)a.LocalEndPoint!).Serialize();
        var toB = ((IPEndPoint)b.LocalEndPoint!).Serialize();

        // More than one batch: the queue flushes itself when full, and Flush sends the rest.
        for (var i = 0; i < 70; i++)
        {
            socket.Send(Payload(i, 200 + i), i % 2 == 0 ? toA : toB);
        }

        // Batched: two full batches of 32 left on their own, one system call each; unbatched: one call per datagram.
        Assert.Equal(socket.IsBatched ? 2 : 70, socket.SendCalls);

        socket.Flush();
        var buffer = new byte[2048];
        var received = new HashSet<int>();
        foreach (var (peer, parity) in new[] { (a, 0), (b, 1) })
        {
            peer.ReceiveTimeout = 5000;
            for (var n = 0; n < 35; n++)
            {
                var length = peer.Receive(buffer);
                var id = BitConverter.ToInt32(buffer);
                Assert.Equal(parity, id % 2);
                Assert.Equal(200 + id, length);
                Assert.Equal(Payload(id, length), buffer[..length]);
                received.Add(id);
            }
        }

        Assert.Equal(70, received.Count);
        Assert.Equal(0, socket.SendErrors);
    }

    [Fact]
    public void Send_DatagramLargerThanTheMaximum_IsCountedAsAnErrorAndOthersStillGo()
    {
        using var socket = new MediaSocket(IPAddress.Loopback, 0);
        Assert.True(socket.IsBatched, "the suite runs on 64-bit Linux, where the socket batches");
        using var a = Peer();
        var toA = ((IPEndPoint)a.LocalEndPoint!).Serialize();
        socket.Send(new byte[MediaSocket.MaxDatagram + 1], toA);
        socket.Send(Payload(7, 64), toA);
        socket.Flush();

        a.ReceiveTimeout = 5000;
        var buffer = new byte[4096];
        Assert.Equal(64, a.Receive(buffer));
        Assert.Equal(7, BitConverter.ToInt32(buffer));
        Assert.Equal(1, socket.SendErrors);
    }

    private static Socket Peer()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return s;
    }

    private static byte[] Payload(int id, int length)
    {
        var bytes = new byte[length];
        BitConverter.TryWriteBytes(bytes, id);
        for (var i = 4; i < length; i++)
        {
            bytes[i] = (byte)(id + i);
        }

        return bytes;
    }
}
