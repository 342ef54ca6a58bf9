using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Media.Tests.Dtls;

/// <summary>
/// The handshake silence timeout: a peer that sends a ClientHello and then nothing frees its worker after
/// <see cref="DtlsEndpointSettings.HandshakeSilenceTimeout"/> (on a fake clock, so the tests wait for conditions and
/// never for time), while a real handshake on a lossy path still completes with the default.
/// </summary>
public sealed class DtlsHandshakeSilenceTests
{
    private static readonly DtlsAddressKey Hostile = DtlsAddressKey.From(IPAddress.Parse("198.51.100.66"));
    private static readonly DtlsAddressKey Honest = DtlsAddressKey.From(IPAddress.Parse("203.0.113.10"));

    [Fact]
    public async Task SilentPeer_AfterItsClientHello_FailsSilentFreesTheWorkerAndTheQueuedHandshakeCompletes()
    {
        var time = new FakeTimeProvider();
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 1, QueueTimeout = TimeSpan.FromMinutes(5) }, time);
        using var silent = Silent(new DtlsTestLink(serverPool: pool, serverSettings: ServerSettings()));
        using var honest = new DtlsTestLink(serverPool: pool, serverSettings: ServerSettings());
        Task<DtlsSrtpKeys> silentServer = silent.Server.StartHandshake(Hostile);
        _ = silent.Client.StartHandshake();
        await WaitUntilOnWorkerAsync(silent);
        Task<DtlsSrtpKeys> honestServer = honest.Server.StartHandshake(Honest);
        Task<DtlsSrtpKeys> honestClient = honest.Client.StartHandshake();
        await DtlsWait.UntilAsync(() => pool.QueuedHandshakes == 1, "the honest handshake queued behind the silent one");

        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(silent.Server.PeerSilent);
        Assert.Equal(1, pool.RunningHandshakes);
        time.Advance(TimeSpan.FromSeconds(0.1));

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => silentServer.WaitAsync(DtlsTestLink.TestWait));
        Assert.Equal(DtlsHandshakeFailure.Silent, error.Failure);
        Assert.Contains("sent nothing for 5 s during the handshake", error.Message);
        await honestServer.WaitAsync(DtlsTestLink.TestWait);
        await honestClient.WaitAsync(DtlsTestLink.TestWait);
        Assert.Equal(1, pool.FailedHandshakes(DtlsHandshakeFailure.Silent));
        Assert.Equal(0, pool.FailedHandshakes(DtlsHandshakeFailure.Timeout));
        Assert.Equal(1, pool.CompletedHandshakes);
        await silent.Server.Closed.WaitAsync(DtlsTestLink.TestWait);
    }

    [Fact]
    public async Task PeerRetransmittingWithinTheTimeout_NeverSilent_EachDatagramRestartsTheClock()
    {
        var time = new FakeTimeProvider();
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 1 }, time);
        using var link = Silent(new DtlsTestLink(TimeSpan.FromMinutes(5), serverPool: pool, serverSettings: ServerSettings(TimeSpan.FromMinutes(5))));
        Task<DtlsSrtpKeys> server = link.Server.StartHandshake(Hostile);
        _ = link.Client.StartHandshake();
        await WaitUntilOnWorkerAsync(link);
        byte[] clientHello = link.FirstClientDatagram!;

        // Every 4 s the peer repeats its ClientHello (as a retransmitting browser would): 20 s, and never 5 s quiet.
        for (int i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(4));
            Assert.False(link.Server.PeerSilent, $"silent after {4 * (i + 1)} s");
            link.Server.Enqueue(clientHello);
        }

        Assert.False(server.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(link.Server.PeerSilent);
        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsTestLink.TestWait));
        Assert.Equal(DtlsHandshakeFailure.Silent, error.Failure);
    }

    [Fact]
    public async Task SilenceTimeoutUnset_SilentPeer_HoldsTheWorkerUntilTheHandshakeTimeout()
    {
        var time = new FakeTimeProvider();
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 1 }, time);
        using var link = Silent(new DtlsTestLink(TimeSpan.FromMinutes(5), serverPool: pool));
        Task<DtlsSrtpKeys> server = link.Server.StartHandshake(Hostile);
        _ = link.Client.StartHandshake();
        await WaitUntilOnWorkerAsync(link);

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(link.Server.PeerSilent);
        Assert.False(server.IsCompleted);
        Assert.Equal(1, pool.RunningHandshakes);
        Assert.Null(new DtlsEndpointSettings().HandshakeSilenceTimeout);
    }

    [Fact]
    public async Task LossyPath_FirstClientHelloAndTheServersFirstFlightLost_CompletesWithTheDefaultSilenceTimeout()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings(), TimeProvider.System);
        using var link = new DtlsTestLink(serverPool: pool, serverSettings: ServerSettings());
        int clientDatagrams = 0;
        link.Drop = (direction, index, _) =>
        {
            if (direction == LinkDirection.ClientToServer)
            {
                Volatile.Write(ref clientDatagrams, index);
                return index == 1; // the first ClientHello
            }

            // Every server datagram until the client's second retransmission: the whole first flight and the server's own first retransmission.
            return Volatile.Read(ref clientDatagrams) < 3;
        };

        var watch = Stopwatch.StartNew();
        Task<DtlsSrtpKeys> server = link.Server.StartHandshake(Honest);
        Task<DtlsSrtpKeys> client = link.Client.StartHandshake();
        await server.WaitAsync(DtlsTestLink.TestWait);
        await client.WaitAsync(DtlsTestLink.TestWait);

        Assert.True(link.Sent(LinkDirection.ClientToServer) >= 3, $"{link.Sent(LinkDirection.ClientToServer)} client datagrams");
        Assert.Equal(0, pool.FailedHandshakes(DtlsHandshakeFailure.Silent));
        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(1), $"completed in {watch.Elapsed.TotalMilliseconds:0} ms: nothing was lost?");
    }

    [Fact]
    public void SilenceTimeout_OutOfRange_RejectedNamingTheProperty()
    {
        Assert.StartsWith("HandshakeSilenceTimeout must be null or between 1 ms",
            new DtlsEndpointSettings { HandshakeSilenceTimeout = TimeSpan.Zero }.Validate());
        Assert.Null(new DtlsEndpointSettings { HandshakeSilenceTimeout = DtlsEndpointSettings.DefaultHandshakeSilenceTimeout }.Validate());
    }

    private static DtlsEndpointSettings ServerSettings(TimeSpan? handshakeTimeout = null) => new()
    {
        HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(15),
        HandshakeSilenceTimeout = DtlsEndpointSettings.DefaultHandshakeSilenceTimeout,
    };

    /// <summary>The client's first datagram (its ClientHello) reaches the server; nothing else ever does, either way.</summary>
    internal static DtlsTestLink Silent(DtlsTestLink link)
    {
        link.Drop = (direction, index, datagram) =>
        {
            if (direction == LinkDirection.ClientToServer && index == 1)
            {
                link.FirstClientDatagram = datagram.ToArray();
                return false;
            }

            return true;
        };
        return link;
    }

    /// <summary>The server answered the ClientHello: its handshake is on a worker and its silence clock runs.</summary>
    internal static Task WaitUntilOnWorkerAsync(DtlsTestLink link) =>
        DtlsWait.UntilAsync(() => link.Sent(LinkDirection.ServerToClient) > 0, "the server's handshake on a worker, its first flight sent");
}
