using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Media.Tests.Dtls;

/// <summary>What one peer can make an endpoint hold: the declared-length cap and the per-handshake byte budget.</summary>
public sealed class DtlsEndpointLimitsTests
{
    [Fact]
    public async Task ClientHelloFragments_Declaring16MiB_DroppedBeforeBouncyCastleAndRealHandshakeStillCompletes()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings(), TimeProvider.System);
        using var link = new DtlsTestLink(serverPool: pool);
        Task<DtlsSrtpKeys> server = link.Server.StartHandshake();

        // The attack measured on Portable.BouncyCastle 1.8.10: 16 datagrams of 26 bytes, one per message_seq, each
        // declaring a 16 MB ClientHello (0xFFFFFF, the largest 24-bit length; BouncyCastle allocated 275 MB for them).
        for (int seq = 0; seq < 16; seq++)
        {
            link.Server.Enqueue(DtlsTestDatagrams.ClientHelloFragment(0xFFFFFF, seq, recordSequence: seq));
        }

        Assert.Equal(16, link.Server.Dropped(DtlsDropReason.OversizeMessage));
        Assert.Equal(16, pool.DroppedDatagrams(DtlsDropReason.OversizeMessage));
        Assert.Equal(0, pool.BufferedBytes);
        Assert.Equal(0, link.Server.PeakHandshakeBytes);
        Assert.Equal(0, pool.RunningHandshakes + pool.QueuedHandshakes); // nothing reached a worker: BouncyCastle never saw them

        DtlsSrtpKeys client = await link.Client.StartHandshake().WaitAsync(DtlsTestLink.TestWait);
        Assert.Equal(client.LocalMasterKey, (await server.WaitAsync(DtlsTestLink.TestWait)).RemoteMasterKey);
        Assert.InRange(link.Server.PeakHandshakeBytes, 1, new DtlsEndpointSettings().MaxBufferedBytes);
    }

    [Fact]
    public async Task FragmentsUnderTheCap_ManyMessages_StopAtTheByteBudgetAndReleaseItAtTheEnd()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings(), TimeProvider.System);
        var settings = new DtlsEndpointSettings { HandshakeTimeout = TimeSpan.FromSeconds(2) };
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, DtlsTestLink.ServerCertificate, _ => { }, settings, pool);
        Task<DtlsSrtpKeys> handshake = endpoint.StartHandshake();

        // Sixteen messages of the largest allowed size (BouncyCastle's receive window is 16 messages): each costs its
        // declared 4096 bytes plus one fragment; the budget (32 KiB with the queue) holds seven of them.
        for (int seq = 0; seq < 16; seq++)
        {
            endpoint.Enqueue(DtlsTestDatagrams.ClientHelloFragment(4096, seq, recordSequence: seq));
        }

        Assert.Equal(9, endpoint.Dropped(DtlsDropReason.OverBudget));
        Assert.InRange(endpoint.PeakHandshakeBytes, 7 * (4096 + DtlsHandshakeBudget.FragmentCharge), settings.MaxBufferedBytes);
        Assert.InRange(pool.LargestHandshakeBytes, endpoint.PeakHandshakeBytes, settings.MaxBufferedBytes);

        // The poisoned ClientHello never completes: the handshake times out, and everything it held is released.
        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(DtlsTestLink.TestWait));
        Assert.Equal(DtlsHandshakeFailure.Timeout, error.Failure);
        await DtlsWait.UntilAsync(() => pool.BufferedBytes == 0, "the budget released");
    }

    [Fact]
    public void OverlappingSplinters_OfOneMessage_ChargedPerFragmentUntilTheBudgetStopsThem()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings(), TimeProvider.System);
        var settings = new DtlsEndpointSettings();
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, DtlsTestLink.ServerCertificate, _ => { }, settings, pool);

        // Not started: nothing drains the queue, so queue and charge add up. 100 one-byte fragments per datagram at
        // odd offsets, each punching a hole in the reassembly: the first datagram costs the declared 4096 bytes, every
        // datagram 100 fragment charges and its own 1313 bytes in the queue.
        const int DatagramBytes = 13 + 100 * 13;
        const int PerDatagram = DatagramBytes + 100 * DtlsHandshakeBudget.FragmentCharge;
        for (int i = 0; i < 40; i++)
        {
            int[] offsets = [.. Enumerable.Range(0, 100).Select(k => (i * 200 + k * 2 + 1) % 4095)];
            endpoint.Enqueue(DtlsTestDatagrams.ClientHelloSplinters(4096, 0, offsets, i));
        }

        int fitting = (settings.MaxBufferedBytes - 4096) / PerDatagram;
        Assert.Equal(6, fitting);
        Assert.Equal(40 - fitting, endpoint.Dropped(DtlsDropReason.OverBudget));
        Assert.Equal(4096 + fitting * PerDatagram, endpoint.PeakHandshakeBytes);
        Assert.Equal(endpoint.PeakHandshakeBytes, pool.BufferedBytes);
    }

    [Fact]
    public void ContradictoryFragment_SameMessageAnotherLength_DroppedAsMalformed()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings(), TimeProvider.System);
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, DtlsTestLink.ServerCertificate, _ => { }, new DtlsEndpointSettings(), pool);

        endpoint.Enqueue(DtlsTestDatagrams.ClientHelloFragment(300, 0, recordSequence: 1));
        endpoint.Enqueue(DtlsTestDatagrams.ClientHelloFragment(301, 0, offset: 1, recordSequence: 2));

        Assert.Equal(1, endpoint.MalformedDatagrams);
        Assert.Equal(1, pool.DroppedDatagrams(DtlsDropReason.Malformed));
    }

    [Fact]
    public void Queue_BytesOverTheBudget_DroppedBeforeTheDatagramCount()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings(), TimeProvider.System);
        var settings = new DtlsEndpointSettings { MaxHandshakeMessageSize = 1024, MaxBufferedBytes = 1024 + 1500, QueueCapacity = 64 };
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, DtlsTestLink.ServerCertificate, _ => { }, settings, pool);
        byte[] large = DtlsTestDatagrams.ForgedEncryptedAlert(1, length: 1000);

        endpoint.Enqueue(large);
        endpoint.Enqueue(large);
        endpoint.Enqueue(large);

        Assert.Equal(1, endpoint.Dropped(DtlsDropReason.OverBudget));
        Assert.Equal(2000 + 2 * 13, pool.BufferedBytes);
        endpoint.Close();
        Assert.Equal(0, pool.BufferedBytes);
    }
}
