using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Contracts.Control;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Bridge.Tests.Transport;

/// <summary>The bridge's DTLS life cycle with real synthetic peers: after ICE, on the pool, ended by the peer's close_notify.</summary>
public sealed class DtlsTransportTests
{
    [Fact]
    public async Task PeerCloseNotify_AfterHandshake_EndpointExpiredAtOnceWithTheReason()
    {
        await using var harness = new BridgeHarness(o => o.IceConsentTimeout = TimeSpan.FromMinutes(5));
        var a = await harness.JoinAsync("A");
        await harness.PublishAsync(a);
        Assert.Equal(1, harness.Bridge.GetSnapshot().Endpoints);

        a.Participant.Publish.Dispose(); // sends close_notify, then closes its socket

        var expired = await harness.Events.Recorder.WaitForAsync<EndpointExpiredEvent>(e => e.EndpointId == "A", BridgeHarness.Wait);
        Assert.Equal("DTLS closed on the publish connection: the peer sent close_notify", expired.Reason);
        Assert.Equal(0, harness.Bridge.GetSnapshot().Endpoints);
        Assert.Equal(0, harness.Bridge.GetSnapshot().Transports);
    }

    [Fact]
    public async Task PublishOffer_WithoutIce_HandshakeNeverStartsAndConsentExpiresInstead()
    {
        // Were the handshake started by the offer, its 1 s timeout would remove the endpoint for DTLS first.
        await using var harness = new BridgeHarness(o =>
        {
            o.DtlsHandshakeTimeout = TimeSpan.FromSeconds(1);
            o.IceConsentTimeout = TimeSpan.FromSeconds(3);
        });
        var a = await harness.JoinAsync("A");
        var offer = SyntheticSdp.PublishOffer(a.Participant.Publish, SyntheticTracks.Create());
        Assert.IsType<PublishAnswerReply>(await harness.SendAsync(new PublishOfferRequest(BridgeHarness.Conference, "A", offer)));

        var expired = await harness.Events.Recorder.WaitForAsync<EndpointExpiredEvent>(e => e.EndpointId == "A", BridgeHarness.Wait);

        Assert.Equal("ICE consent expired", expired.Reason);
        Assert.Equal(0, harness.Bridge.DtlsPool!.FailedHandshakes(DtlsHandshakeFailure.Timeout));
    }

    [Fact]
    public async Task ConnectedParticipants_HandshakesCountedAndNoPoolThreadLeftAfterIdle()
    {
        await using var harness = new BridgeHarness(o => o.Dtls.WorkerIdleTimeout = TimeSpan.FromMilliseconds(200));
        var (a, b) = await harness.ConnectPairAsync();

        var pool = harness.Bridge.DtlsPool!;
        Assert.Equal(2, pool.CompletedHandshakes); // A's publish and B's subscribe transport
        await Eventually.WaitAsync(() => pool.Threads == 0, "the DTLS workers exited while both associations live");
        Assert.Equal(0, pool.RunningHandshakes + pool.QueuedHandshakes);
        Assert.Equal(2, harness.Bridge.GetSnapshot().Transports);
        Assert.Equal(SyntheticTransportState.Connected, b.Participant.Subscribe.State);
        Assert.Equal(SyntheticTransportState.Connected, a.Participant.Publish.State);
    }

    [Fact]
    public async Task SilentPeer_AfterItsClientHello_ExpiredAsSilentAndCounted()
    {
        await using var harness = new BridgeHarness(o => o.Dtls.HandshakeSilenceTimeout = TimeSpan.FromSeconds(1));
        using var release = new CancellationTokenSource();
        harness.PeerOptions = await SilentDtlsPeer.OptionsAsync(release.Token);
        var silent = await harness.JoinAsync("S");
        var publishing = harness.PublishAsync(silent);
        try
        {
            var expired = await harness.Events.Recorder.WaitForAsync<EndpointExpiredEvent>(e => e.EndpointId == "S", BridgeHarness.Wait);

            Assert.Contains("DTLS failed on the publish connection: The DTLS peer sent nothing for 1 s during the handshake", expired.Reason);
            Assert.Equal(1, harness.Bridge.DtlsPool!.FailedHandshakes(DtlsHandshakeFailure.Silent));
            Assert.Equal(0, harness.Bridge.DtlsPool.FailedHandshakes(DtlsHandshakeFailure.Timeout));
            Assert.Equal(0, harness.Bridge.DtlsPool.RunningHandshakes);
        }
        finally
        {
            await release.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => publishing);
        }
    }

    [Fact]
    public async Task SilentPeersFromOneAddress_TakeOnlyItsShare_PeerFromAnotherAddressConnects()
    {
        // Two workers, so one per address; the silent peers would hold theirs for a minute.
        await using var harness = new BridgeHarness(o =>
        {
            o.Dtls.HandshakeWorkers = 2;
            o.Dtls.HandshakeQueueTimeout = TimeSpan.FromMinutes(1);
            o.Dtls.HandshakeSilenceTimeout = TimeSpan.FromMinutes(1);
            o.IceConsentTimeout = TimeSpan.FromMinutes(2);
        });
        using var release = new CancellationTokenSource();
        var honestOptions = harness.PeerOptions;
        harness.PeerOptions = await SilentDtlsPeer.OptionsAsync(release.Token, System.Net.IPAddress.Parse("127.0.0.2"));
        var s1 = await harness.JoinAsync("S1");
        var s2 = await harness.JoinAsync("S2");
        Task[] silent = [harness.PublishAsync(s1), harness.PublishAsync(s2)];
        var pool = harness.Bridge.DtlsPool!;
        try
        {
            await Eventually.WaitAsync(() => pool.RunningHandshakes == 1 && pool.QueuedOverShare == 1,
                "one silent handshake of 127.0.0.2 running, the other passed over in the queue");
            harness.PeerOptions = honestOptions;

            var honest = await harness.JoinAsync("A");
            await harness.PublishAsync(honest);

            await Eventually.WaitAsync(() => pool.CompletedHandshakes == 1, "the bridge's side of A's handshake completed");
            Assert.Equal(SyntheticTransportState.Connected, honest.Participant.Publish.State);
            Assert.Equal((1, 1), (pool.RunningHandshakes, pool.QueuedOverShare));
        }
        finally
        {
            await release.CancelAsync();
            foreach (var task in silent)
            {
                await Assert.ThrowsAnyAsync<Exception>(() => task);
            }
        }
    }
}
