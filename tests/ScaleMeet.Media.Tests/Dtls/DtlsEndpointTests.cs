using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Tls;
using ScaleMeet.Media.Dtls;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Tests.Dtls;

public sealed class DtlsEndpointTests
{
    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm, 12)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 14)]
    public async Task Handshake_ClientOffersOneProfile_BothSidesExportCrosswiseKeys(SrtpProfile profile, int saltLength)
    {
        using var link = new DtlsTestLink();
        link.Client.Profiles = [profile];

        (DtlsSrtpKeys server, DtlsSrtpKeys client) = await link.HandshakeAsync();

        Assert.Equal(profile, server.Profile);
        Assert.Equal(profile, client.Profile);
        Assert.Equal(16, server.LocalMasterKey.Length);
        Assert.Equal(16, server.RemoteMasterKey.Length);
        Assert.Equal(saltLength, server.LocalMasterSalt.Length);
        Assert.Equal(saltLength, server.RemoteMasterSalt.Length);
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.Equal(client.LocalMasterSalt, server.RemoteMasterSalt);
        Assert.Equal(server.LocalMasterKey, client.RemoteMasterKey);
        Assert.Equal(server.LocalMasterSalt, client.RemoteMasterSalt);
        Assert.NotEqual(server.LocalMasterKey, server.RemoteMasterKey);
        Assert.False(link.Server.Closed.IsCompleted);
        Assert.False(link.Client.Closed.IsCompleted);
    }

    [Fact]
    public async Task Handshake_DefaultProfiles_ServerPicksGcm()
    {
        using var link = new DtlsTestLink();

        (DtlsSrtpKeys server, DtlsSrtpKeys client) = await link.HandshakeAsync();

        Assert.Equal(SrtpProfile.AeadAes128Gcm, server.Profile);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, client.Profile);
    }

    [Fact]
    public async Task Handshake_ServerPrefersAesCm_ServerPreferenceWins()
    {
        using var link = new DtlsTestLink();
        link.Server.Profiles = [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

        (DtlsSrtpKeys server, DtlsSrtpKeys client) = await link.HandshakeAsync();

        Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, server.Profile);
        Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, client.Profile);
        Assert.Equal(client.LocalMasterSalt, server.RemoteMasterSalt);
    }

    [Fact]
    public async Task Handshake_NoCommonProfile_BothSidesFail()
    {
        using var link = new DtlsTestLink();
        link.Server.Profiles = [SrtpProfile.AeadAes128Gcm];
        link.Client.Profiles = [SrtpProfile.AesCm128HmacSha1_80];

        Task<DtlsSrtpKeys> server = link.Server.StartHandshake();
        Task<DtlsSrtpKeys> client = link.Client.StartHandshake();

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsTestLink.TestWait));
        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsTestLink.TestWait));
        Assert.Equal(DtlsHandshakeFailure.NoCommonSrtpProfile, serverError.Failure);
        Assert.Contains("AesCm128HmacSha1_80", serverError.Message);
        // The server leaves use_srtp out of its ServerHello (RFC 5764 §4.1.1), so the client notices on its own.
        Assert.Equal(DtlsHandshakeFailure.NoCommonSrtpProfile, clientError.Failure);
        Assert.Contains("did not accept the use_srtp", clientError.Message);
    }

    [Fact]
    public async Task Handshake_ServerExpectsOtherFingerprint_BothSidesFailWithClearMessage()
    {
        using var link = new DtlsTestLink();
        link.Server.ExpectedRemoteFingerprint = DtlsCertificate.Generate().Fingerprint;

        Task<DtlsSrtpKeys> server = link.Server.StartHandshake();
        Task<DtlsSrtpKeys> client = link.Client.StartHandshake();

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsTestLink.TestWait));
        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsTestLink.TestWait));
        Assert.Equal(DtlsHandshakeFailure.FingerprintMismatch, serverError.Failure);
        Assert.Contains("fingerprint", serverError.Message);
        Assert.Contains(DtlsTestLink.ClientCertificate.Fingerprint, serverError.Message);
        Assert.Equal(DtlsHandshakeFailure.AlertReceived, clientError.Failure);
        Assert.Contains("bad_certificate", clientError.Message);
        await link.Server.Closed.WaitAsync(DtlsTestLink.TestWait);
        await link.Client.Closed.WaitAsync(DtlsTestLink.TestWait);
    }

    [Fact]
    public async Task Handshake_ClientExpectsOtherFingerprint_BothSidesFail()
    {
        using var link = new DtlsTestLink();
        link.Client.ExpectedRemoteFingerprint = DtlsCertificate.Generate().Fingerprint;

        Task<DtlsSrtpKeys> server = link.Server.StartHandshake();
        Task<DtlsSrtpKeys> client = link.Client.StartHandshake();

        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsTestLink.TestWait));
        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsTestLink.TestWait));
        Assert.Equal(DtlsHandshakeFailure.FingerprintMismatch, clientError.Failure);
        Assert.Contains(DtlsTestLink.ServerCertificate.Fingerprint, clientError.Message);
        Assert.Equal(DtlsHandshakeFailure.AlertReceived, serverError.Failure);
        Assert.Contains("bad_certificate", serverError.Message);
    }

    [Fact]
    public async Task Handshake_FingerprintInLowerCaseWithSdpPrefix_Succeeds()
    {
        using var link = new DtlsTestLink();
        link.Server.ExpectedRemoteFingerprint = "sha-256 " + DtlsTestLink.ClientCertificate.Fingerprint.ToLowerInvariant();

        (DtlsSrtpKeys server, DtlsSrtpKeys client) = await link.HandshakeAsync();

        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
    }

    [Fact]
    public async Task Handshake_ExpectedFingerprintNeverSet_FailsWithClearMessage()
    {
        using var link = new DtlsTestLink();
        link.Server.ExpectedRemoteFingerprint = null;

        Task<DtlsSrtpKeys> server = link.Server.StartHandshake();
        Task<DtlsSrtpKeys> client = link.Client.StartHandshake();

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsTestLink.TestWait));
        Assert.Equal(DtlsHandshakeFailure.FingerprintMismatch, serverError.Failure);
        Assert.Contains("ExpectedRemoteFingerprint was not set", serverError.Message);
        // The server only notices after sending its Finished, so the client may or may not have finished; it must not hang.
        await link.Client.Closed.WaitAsync(DtlsTestLink.TestWait);
        Assert.Contains("bad_certificate", link.Client.CloseReason);
        _ = client.Exception;
    }

    [Fact]
    public async Task Handshake_EveryThirdDatagramLostAtFirst_CompletesThroughRetransmission()
    {
        using var link = new DtlsTestLink();
        int dropped = 0;
        link.Drop = (direction, index, _) =>
        {
            bool drop = index <= 9 && index % 3 == 0;
            if (drop)
            {
                Interlocked.Increment(ref dropped);
            }

            return drop;
        };

        (DtlsSrtpKeys server, DtlsSrtpKeys client) = await link.HandshakeAsync();

        Assert.True(dropped >= 2, $"only {dropped} datagrams were dropped");
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.Equal(server.LocalMasterKey, client.RemoteMasterKey);
    }

    [Fact]
    public async Task Handshake_ServerFinalFlightLostOnce_ServerReceiveLoopRetransmitsIt()
    {
        using var link = new DtlsTestLink();
        int finalFlightDrops = 0;
        link.Drop = (direction, _, datagram) =>
        {
            // The server's last flight is ChangeCipherSpec (content type 20) and the epoch-1 Finished: lose both once.
            if (direction != LinkDirection.ServerToClient || Volatile.Read(ref finalFlightDrops) >= 2)
            {
                return false;
            }

            ReadOnlySpan<byte> record = datagram.Span;
            bool finalFlight = record[0] == 20 || (record[0] == 22 && record[3] == 0 && record[4] == 1);
            if (finalFlight)
            {
                Interlocked.Increment(ref finalFlightDrops);
            }

            return finalFlight;
        };

        (DtlsSrtpKeys server, DtlsSrtpKeys client) = await link.HandshakeAsync();

        Assert.Equal(2, finalFlightDrops);
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.Equal(server.LocalMasterSalt, client.RemoteMasterSalt);
    }

    [Theory]
    [InlineData(DtlsRole.Server)]
    [InlineData(DtlsRole.Client)]
    public async Task Handshake_PeerSilent_FailsWithTimeout(DtlsRole role)
    {
        using var endpoint = new DtlsEndpoint(role, DtlsTestLink.ServerCertificate, _ => { }, TimeSpan.FromMilliseconds(300));
        endpoint.ExpectedRemoteFingerprint = DtlsTestLink.ClientCertificate.Fingerprint;

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => endpoint.StartHandshake().WaitAsync(DtlsTestLink.TestWait));

        Assert.Equal(DtlsHandshakeFailure.Timeout, error.Failure);
        Assert.Contains("timed out", error.Message);
        await endpoint.Closed.WaitAsync(DtlsTestLink.TestWait);
    }

    [Fact]
    public async Task Handshake_GarbageAroundEveryDatagram_CompletesAndSurvivesLaterGarbage()
    {
        using var link = new DtlsTestLink();
        var random = new Random(5764);
        var gate = new object();
        void Inject(DtlsEndpoint target)
        {
            for (int i = 0; i < 3; i++)
            {
                byte[] garbage;
                lock (gate)
                {
                    garbage = new byte[random.Next(0, 200)];
                    random.NextBytes(garbage);
                    if (garbage.Length > 0 && i == 0)
                    {
                        garbage[0] = (byte)random.Next(20, 64); // passes the RFC 7983 demultiplexer
                    }
                }

                target.Enqueue(garbage);
            }

            // Well-framed records whose epoch-0 content is not (fragment longer than the record; unknown message type;
            // application data in epoch 0) are screened out too: BouncyCastle would let them move its replay window.
            target.Enqueue(Convert.FromHexString("16FEFD0000000000000063000C" + "0B00000100630000000000FF"));
            target.Enqueue(Convert.FromHexString("16FEFD0000000000000064000C" + "630000000063000000000000"));
            target.Enqueue(Convert.FromHexString("17FEFD00000000000000650002" + "ABCD"));
        }

        link.BeforeDeliver = Inject;
        Inject(link.Server);

        (DtlsSrtpKeys server, DtlsSrtpKeys client) = await link.HandshakeAsync();
        link.BeforeDeliver = null;
        for (int i = 0; i < 50; i++)
        {
            Inject(link.Server);
            Inject(link.Client);
        }

        // The marker: a forged epoch-1 record queued after the garbage is discarded by each association's receive
        // loop, so everything queued before it has been through that loop too.
        byte[] forged = Convert.FromHexString("15FEFD0001000000000028001A" + "0001000000000028" + "0230" + "00112233445566778899AABBCCDDEEFF");
        long serverDiscarded = link.Server.DiscardedRecords, clientDiscarded = link.Client.DiscardedRecords;
        link.Server.Enqueue(forged);
        link.Client.Enqueue(forged);
        await DtlsWait.UntilAsync(() => link.Server.DiscardedRecords > serverDiscarded && link.Client.DiscardedRecords > clientDiscarded, "the marker record discarded by both");
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.True(link.Server.MalformedDatagrams > 0);
        Assert.False(link.Server.Closed.IsCompleted, link.Server.CloseReason);
        Assert.False(link.Client.Closed.IsCompleted, link.Client.CloseReason);
    }

    [Fact]
    public async Task ForgedEncryptedRecord_AfterHandshake_DiscardedCountedAndReplayWindowUntouched()
    {
        using var link = new DtlsTestLink();
        await link.HandshakeAsync();
        // Well framed, so it passes the screen; epoch 1 with a bogus GCM tag and a sequence number far ahead (1 000 000).
        // Had it moved the replay window, every later genuine record (sequence 1, 2 …) would be dropped as a replay.
        byte[] forged = Convert.FromHexString(
            "15" + "FEFD" + "0001" + "0000000F4240" + "001A"        // alert, DTLS 1.2, epoch 1, seq 1 000 000, length 26
            + "00010000000F4240" + "0230" + "00112233445566778899AABBCCDDEEFF"); // nonce | "fatal" alert | tag

        link.Server.Enqueue(forged);
        link.Client.Enqueue(forged);
        await DtlsWait.UntilAsync(() => link.Server.DiscardedRecords == 1 && link.Client.DiscardedRecords == 1, "both forged records discarded");

        Assert.False(link.Server.Closed.IsCompleted, link.Server.CloseReason);
        Assert.False(link.Client.Closed.IsCompleted, link.Client.CloseReason);
        link.Client.Close();
        await link.Server.Closed.WaitAsync(DtlsTestLink.TestWait); // the genuine close_notify (low sequence) still decrypts
        Assert.Equal("the peer sent close_notify", link.Server.CloseReason);
        Assert.Equal(1, link.Server.DiscardedRecords);
    }

    [Fact]
    public async Task ShortEncryptedRecord_AfterHandshake_ScreenedOutInsteadOfKillingTheAssociation()
    {
        using var link = new DtlsTestLink();
        await link.HandshakeAsync();

        // 10 bytes cannot hold a GCM nonce and tag: BouncyCastle would raise a fatal decode_error and fail the association.
        link.Server.Enqueue(DtlsTestDatagrams.ForgedEncryptedAlert(7, length: 10));

        Assert.Equal(1, link.Server.MalformedDatagrams);
        link.Client.Close();
        await link.Server.Closed.WaitAsync(DtlsTestLink.TestWait);
        Assert.Equal("the peer sent close_notify", link.Server.CloseReason);
    }

    [Fact]
    public async Task PeerMediaReceived_AfterHandshake_HandshakeRecordsDroppedAlertsStillRead()
    {
        using var link = new DtlsTestLink();
        await link.HandshakeAsync();

        link.Server.OnPeerMediaReceived();
        link.Server.Enqueue(Convert.FromHexString("14FEFD00000000000000090001" + "01")); // a "retransmitted" change_cipher_spec
        link.Server.Enqueue(DtlsTestDatagrams.ClientHelloFragment(200, 0, recordSequence: 10));

        Assert.Equal(2, link.Server.Dropped(DtlsDropReason.AfterHandshake));
        link.Client.Close();
        await link.Server.Closed.WaitAsync(DtlsTestLink.TestWait);
        Assert.Equal("the peer sent close_notify", link.Server.CloseReason);
    }

    [Fact]
    public async Task DatagramsAfterHandshake_MoreThanTheRate_DroppedUntilTokensRefill()
    {
        var time = new FakeTimeProvider();
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings(), time);
        var settings = new DtlsEndpointSettings { PostHandshakeDatagramsPerSecond = 5 };
        using var link = new DtlsTestLink(serverPool: pool, serverSettings: settings);
        await link.HandshakeAsync();

        for (int i = 0; i < 8; i++)
        {
            link.Server.Enqueue(DtlsTestDatagrams.ForgedEncryptedAlert(100 + i, seed: i));
        }

        Assert.Equal(3, link.Server.Dropped(DtlsDropReason.RateLimited));
        time.Advance(TimeSpan.FromSeconds(1));
        link.Server.Enqueue(DtlsTestDatagrams.ForgedEncryptedAlert(200));
        Assert.Equal(3, link.Server.Dropped(DtlsDropReason.RateLimited));
        await DtlsWait.UntilAsync(() => link.Server.DiscardedRecords == 6, "the six admitted forgeries read and discarded");
        Assert.Equal(3, pool.DroppedDatagrams(DtlsDropReason.RateLimited));
        Assert.Equal(6, pool.DiscardedRecords);
    }

    [Theory]
    [InlineData(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 26)]
    [InlineData(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, 26)]
    public async Task Handshake_EachCipherSuite_CompletesAndDiscardsForgedRecords(int suite, int forgedLength)
    {
        using var link = new DtlsTestLink();
        link.Client.CipherSuitesOverride = [suite];
        (DtlsSrtpKeys server, DtlsSrtpKeys client) = await link.HandshakeAsync();
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);

        // Forged epoch-1 alert of the length a GCM alert has: explicit nonce + 2 bytes + tag.
        byte[] forged = new byte[13 + forgedLength];
        Convert.FromHexString("15FEFD0001000000000028").CopyTo(forged, 0);
        forged[11] = 0;
        forged[12] = (byte)forgedLength;
        new Random(suite).NextBytes(forged.AsSpan(13));
        link.Server.Enqueue(forged);
        await DtlsWait.UntilAsync(() => link.Server.DiscardedRecords == 1, "the forged record discarded");

        link.Client.Close();
        await link.Server.Closed.WaitAsync(DtlsTestLink.TestWait);
        Assert.Equal("the peer sent close_notify", link.Server.CloseReason);
    }

    [Fact]
    public async Task Close_AfterHandshake_PeerSeesCloseNotifyAndSecondCloseIsNoOp()
    {
        using var link = new DtlsTestLink();
        await link.HandshakeAsync();

        link.Client.Close();
        link.Client.Close();
        link.Client.Dispose();

        await link.Client.Closed.WaitAsync(DtlsTestLink.TestWait);
        await link.Server.Closed.WaitAsync(DtlsTestLink.TestWait);
        Assert.Equal("closed locally", link.Client.CloseReason);
        Assert.Equal("the peer sent close_notify", link.Server.CloseReason);
        link.Server.Close();
        Assert.Equal("the peer sent close_notify", link.Server.CloseReason);
    }

    [Fact]
    public async Task Close_BeforeStart_IsIdempotentAndStartFaultsWithClosed()
    {
        var endpoint = new DtlsEndpoint(DtlsRole.Server, DtlsTestLink.ServerCertificate, _ => { }, TimeSpan.FromSeconds(5));

        endpoint.Close();
        endpoint.Close();
        endpoint.Dispose();

        Assert.True(endpoint.Closed.IsCompleted);
        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => endpoint.StartHandshake());
        Assert.Equal(DtlsHandshakeFailure.Closed, error.Failure);
    }

    [Fact]
    public async Task Close_DuringHandshake_FaultsWithClosedAndTheWorkerUnwinds()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 1 }, TimeProvider.System);
        using var endpoint = new DtlsEndpoint(DtlsRole.Client, DtlsTestLink.ClientCertificate, _ => { }, new DtlsEndpointSettings(), pool);
        Task<DtlsSrtpKeys> handshake = endpoint.StartHandshake();
        await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 1, "the handshake on its worker");

        endpoint.Close();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(DtlsHandshakeFailure.Closed, error.Failure);
        Assert.True(endpoint.Closed.IsCompleted);
        await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 0, "the worker released");
        Assert.Equal(1, pool.FailedHandshakes(DtlsHandshakeFailure.Closed));
        endpoint.Close();
    }

    [Fact]
    public async Task Close_WhileTheWorkerIsBlockedInsideTheHandshake_ReturnsWithoutWaitingForIt()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 1 }, TimeProvider.System);
        using var release = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();
        // The client's send callback blocks its worker inside BouncyCastle (as a stuck socket would).
        using var endpoint = new DtlsEndpoint(DtlsRole.Client, DtlsTestLink.ClientCertificate, _ =>
        {
            entered.Set();
            release.Wait(DtlsTestLink.TestWait);
        }, new DtlsEndpointSettings(), pool);
        Task<DtlsSrtpKeys> handshake = endpoint.StartHandshake();
        Assert.True(entered.Wait(DtlsTestLink.TestWait), "the worker never sent its ClientHello");

        Task close = Task.Run(endpoint.Close);
        await close.WaitAsync(DtlsTestLink.TestWait);

        Assert.False(release.IsSet);
        Assert.True(endpoint.Closed.IsCompleted);
        Assert.Equal("closed locally during the handshake", endpoint.CloseReason);
        Assert.Equal(DtlsHandshakeFailure.Closed, (await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake)).Failure);
        Assert.Equal(1, pool.RunningHandshakes); // still blocked; Close did not wait for it
        release.Set();
        await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 0, "the worker unwound once released");
    }

    [Fact]
    public async Task CloseAsync_AfterHandshake_CompletesOnceCloseNotifyWasSent()
    {
        using var link = new DtlsTestLink();
        await link.HandshakeAsync();

        await link.Client.CloseAsync().WaitAsync(DtlsTestLink.TestWait);

        Assert.Equal("closed locally", link.Client.CloseReason);
        await link.Server.Closed.WaitAsync(DtlsTestLink.TestWait);
        Assert.Equal("the peer sent close_notify", link.Server.CloseReason);
    }

    [Fact]
    public void Enqueue_MoreThanCapacityBeforeStart_DropsAndCounts()
    {
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, DtlsTestLink.ServerCertificate, _ => { }, TimeSpan.FromSeconds(5), queueCapacity: 4);
        byte[] record = Convert.FromHexString("15FEFD0000000000000001" + "0002" + "0100"); // alert warning close_notify, epoch 0

        for (int i = 0; i < 10; i++)
        {
            endpoint.Enqueue(record);
        }

        endpoint.Enqueue([]);
        endpoint.Enqueue([0x80, 0x60, 0x00, 0x01]); // RTP
        byte[] oversize = new byte[1501];           // one well-framed epoch-1 record, but larger than 1500 bytes
        Convert.FromHexString("17FEFD000100000000000105D0").CopyTo(oversize, 0);
        endpoint.Enqueue(oversize);

        Assert.Equal(6, endpoint.DroppedDatagrams);
        Assert.Equal(3, endpoint.MalformedDatagrams);
    }

    [Fact]
    public async Task Send_CallbackThrows_CountedAndHandshakeStillCompletesByRetransmission()
    {
        DtlsEndpoint? server = null;
        int calls = 0;
        using var client = new DtlsEndpoint(DtlsRole.Client, DtlsTestLink.ClientCertificate, d =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("socket hiccup");
            }

            server!.Enqueue(d.Span);
        }, TimeSpan.FromSeconds(15));
        using var serverEndpoint = new DtlsEndpoint(DtlsRole.Server, DtlsTestLink.ServerCertificate, d => client.Enqueue(d.Span), TimeSpan.FromSeconds(15));
        server = serverEndpoint;
        server.ExpectedRemoteFingerprint = DtlsTestLink.ClientCertificate.Fingerprint;
        client.ExpectedRemoteFingerprint = DtlsTestLink.ServerCertificate.Fingerprint;

        Task<DtlsSrtpKeys> serverTask = server.StartHandshake();
        DtlsSrtpKeys clientKeys = await client.StartHandshake().WaitAsync(DtlsTestLink.TestWait);
        DtlsSrtpKeys serverKeys = await serverTask.WaitAsync(DtlsTestLink.TestWait);

        Assert.Equal(1, client.SendFailures);
        Assert.Equal("socket hiccup", client.LastSendError?.Message);
        Assert.Equal(clientKeys.LocalMasterKey, serverKeys.RemoteMasterKey);
    }

    [Fact]
    public void Profiles_InvalidOrAfterStart_Rejected()
    {
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, DtlsTestLink.ServerCertificate, _ => { }, TimeSpan.FromSeconds(1));

        Assert.Throws<ArgumentException>(() => endpoint.Profiles = []);
        Assert.Throws<ArgumentException>(() => endpoint.Profiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes128Gcm]);
        Assert.Throws<ArgumentException>(() => endpoint.Profiles = [(SrtpProfile)2]);
        endpoint.StartHandshake();
        Assert.Throws<InvalidOperationException>(() => endpoint.Profiles = [SrtpProfile.AeadAes128Gcm]);
    }

    [Fact]
    public void StartHandshake_CalledTwice_ReturnsSameTask()
    {
        using var endpoint = new DtlsEndpoint(DtlsRole.Server, DtlsTestLink.ServerCertificate, _ => { }, TimeSpan.FromSeconds(1));

        Assert.Same(endpoint.StartHandshake(), endpoint.StartHandshake());
    }

    [Theory]
    [InlineData(new byte[] { 20 }, true)]
    [InlineData(new byte[] { 22, 0xFE, 0xFD }, true)]
    [InlineData(new byte[] { 63 }, true)]
    [InlineData(new byte[] { 19 }, false)]   // ZRTP range 16..19
    [InlineData(new byte[] { 64 }, false)]   // TURN channel 64..79
    [InlineData(new byte[] { 0x00, 0x01 }, false)] // STUN 0..3
    [InlineData(new byte[] { 0x80 }, false)] // RTP/RTCP 128..191
    [InlineData(new byte[0], false)]
    public void IsDtls_FirstByte_FollowsRfc7983(byte[] packet, bool expected)
    {
        Assert.Equal(expected, DtlsEndpoint.IsDtls(packet));
    }
}
