using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ScaleMeet.Bridge.Net;
using ScaleMeet.Bridge.Relay;
using ScaleMeet.Media.Ice;

namespace ScaleMeet.Bridge.Tests.Relay;

/// <summary>
/// One bridge's end of a relay on a real loopback UDP socket, driven by the test as the media loop would drive it:
/// <see cref="Pump"/> reads what arrived and hands it to the table, <see cref="Tick"/> sends due checks.
/// It keeps a copy of every datagram received, for replays.
/// </summary>
internal sealed class RelayEnd : IDisposable
{
    private readonly SocketAddress _from = new(AddressFamily.InterNetwork);

    private RelayEnd(MediaSocket socket, RelayTable table)
    {
        Socket = socket;
        Table = table;
    }

    public MediaSocket Socket { get; }

    public RelayTable Table { get; }

    public RelayCounters Counters => Table.Counters;

    public RelayTransport Relay { get; private set; } = null!;

    /// <summary>Media the relay accepted, decrypted.</summary>
    public List<(RelayPacketKind Kind, byte[] Plain)> Media { get; } = [];

    /// <summary>Every datagram that arrived, as it arrived.</summary>
    public List<byte[]> Raw { get; } = [];

    /// <summary>Relays whose consent lapsed, as the table reported them.</summary>
    public List<RelayTransport> Expired { get; } = [];

    public IPEndPoint EndPoint => Socket.LocalEndPoint;

    /// <summary>Two ends of relay <paramref name="relayId"/>, with credentials and keys as the focus makes them.</summary>
    public static (RelayEnd A, RelayEnd B) CreatePair(TimeProvider time, RelayOptions? options = null, uint relayId = 0x0123456)
    {
        options ??= new RelayOptions();
        var a = new RelayEnd(new MediaSocket(IPAddress.Loopback, 0), new RelayTable(options.MaxRelays, new RelayCounters()));
        var b = new RelayEnd(new MediaSocket(IPAddress.Loopback, 0), new RelayTable(options.MaxRelays, new RelayCounters()));
        var (ufragA, pwdA, ufragB, pwdB) = (IceLiteSession.NewUfrag(), IceLiteSession.NewPassword(), IceLiteSession.NewUfrag(), IceLiteSession.NewPassword());
        var (keyAb, saltAb, keyBa, saltBa) = (RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(12), RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(12));
        a.Add(new RelayParameters(relayId, b.EndPoint, ufragA, pwdA, ufragB, pwdB, keyAb, saltAb, keyBa, saltBa), time, options);
        b.Add(new RelayParameters(relayId, a.EndPoint, ufragB, pwdB, ufragA, pwdA, keyBa, saltBa, keyAb, saltAb), time, options);
        return (a, b);
    }

    public RelayTransport Add(RelayParameters parameters, TimeProvider time, RelayOptions options)
    {
        var relay = new RelayTransport(parameters, Socket, time, options, new BudgetOptions(), Counters);
        Assert.True(Table.TryAdd(relay));
        Relay = relay;
        return relay;
    }

    /// <summary>Sends the due checks and reports lapsed consent, as the loop's tick does.</summary>
    public void Tick(TimeProvider time)
    {
        Expired.AddRange(Table.OnTick(time.GetTimestamp()));
        Socket.Flush();
    }

    /// <summary>Handles what arrived within <paramref name="waitMilliseconds"/> (and anything after it, without waiting).</summary>
    public int Pump(int waitMilliseconds = 0)
    {
        var handled = 0;
        var wait = waitMilliseconds * 1000;
        while (Socket.WaitReadable(wait))
        {
            wait = 0;
            var count = Socket.ReceiveBatch();
            for (var i = 0; i < count; i++)
            {
                var datagram = Socket.GetReceived(i, _from);
                Raw.Add(datagram.ToArray());
                var kind = Table.Receive(datagram, _from, out _, out var plain);
                if (kind is RelayPacketKind.Rtp or RelayPacketKind.Rtcp)
                {
                    Media.Add((kind, plain.ToArray()));
                }

                handled++;
            }

            Socket.Flush();
        }

        return handled;
    }

    public void Dispose()
    {
        Table.Close(Relay.RelayId);
        Socket.Dispose();
    }
}
