using Microsoft.Extensions.Time.Testing;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Media.Tests.Dtls;

/// <summary>The bounded handshake pool: workers, queue, refusals, and no thread held once a handshake is done.</summary>
public sealed class DtlsHandshakePoolTests
{
    [Fact]
    public async Task Handshakes_MoreThanWorkersAndQueue_OneRunsOneWaitsOneRefused()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 1, QueueCapacity = 1, QueueTimeout = TimeSpan.FromMinutes(1) }, TimeProvider.System);
        var links = Enumerable.Range(0, 3).Select(_ => Stalled(new DtlsTestLink(serverPool: pool))).ToArray();
        try
        {
            Task<DtlsSrtpKeys>[] servers = [.. links.Select(l => l.Server.StartHandshake())];
            foreach (var link in links)
            {
                _ = link.Client.StartHandshake();
            }

            await DtlsWait.UntilAsync(() => pool.RefusedHandshakes == 1 && pool.RunningHandshakes == 1 && pool.QueuedHandshakes == 1,
                () => $"one running, one queued, one refused (running {pool.RunningHandshakes}, queued {pool.QueuedHandshakes}, refused {pool.RefusedHandshakes})");
            var refused = Assert.Single(servers, t => t.IsFaulted);
            var error = Assert.IsType<DtlsHandshakeException>(refused.Exception!.InnerException);
            Assert.Equal(DtlsHandshakeFailure.Refused, error.Failure);
            Assert.Contains("queue is full (1 handshakes waiting for 1 workers)", error.Message);
            Assert.Equal(0, pool.FailedHandshakes(DtlsHandshakeFailure.Refused));
            Assert.True(pool.Threads <= 2, $"{pool.Threads} threads");
        }
        finally
        {
            foreach (var link in links)
            {
                link.Dispose();
            }
        }
    }

    [Fact]
    public async Task BurstOfHandshakes_OneIdleWorker_EveryWorkerTakesOne()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 3, WorkerIdleTimeout = TimeSpan.FromMinutes(1) }, TimeProvider.System);
        using (var warmUp = new DtlsTestLink(serverPool: pool))
        {
            await warmUp.HandshakeAsync();
        }

        Assert.Equal(1, pool.Threads); // one idle worker left, as after any earlier handshake
        var links = Enumerable.Range(0, 3).Select(_ => Stalled(new DtlsTestLink(serverPool: pool))).ToArray();
        try
        {
            // Three handshakes queued at once must not all count on that one idle worker (it runs one at a time).
            foreach (var link in links)
            {
                _ = link.Server.StartHandshake();
                _ = link.Client.StartHandshake();
            }

            await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 3, () => $"three handshakes running (running {pool.RunningHandshakes}, queued {pool.QueuedHandshakes}, threads {pool.Threads})");
            Assert.Equal(3, pool.Threads);
        }
        finally
        {
            foreach (var link in links)
            {
                link.Dispose();
            }
        }
    }

    [Fact]
    public async Task QueuedHandshake_WaitingLongerThanTheQueueTimeout_RefusedWithTheReason()
    {
        var time = new FakeTimeProvider();
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 1, QueueTimeout = TimeSpan.FromSeconds(5) }, time);
        using var running = Stalled(new DtlsTestLink(TimeSpan.FromMinutes(5), serverPool: pool));
        using var waiting = Stalled(new DtlsTestLink(TimeSpan.FromMinutes(5), serverPool: pool));
        _ = running.Server.StartHandshake();
        _ = running.Client.StartHandshake();
        await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 1, "the first handshake on the only worker");
        Task<DtlsSrtpKeys> queued = waiting.Server.StartHandshake();
        _ = waiting.Client.StartHandshake();
        await DtlsWait.UntilAsync(() => pool.QueuedHandshakes == 1, "the second handshake queued");

        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(queued.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => queued.WaitAsync(DtlsTestLink.TestWait));
        Assert.Equal(DtlsHandshakeFailure.Refused, error.Failure);
        Assert.Contains("waited 5 s for one of 1 workers", error.Message);
        Assert.Equal(1, pool.RefusedHandshakes);
        Assert.Equal(0, pool.QueuedHandshakes);
        await waiting.Server.Closed.WaitAsync(DtlsTestLink.TestWait);
    }

    [Fact]
    public async Task QueuedHandshake_HandshakeTimeoutFirst_FailsWithTimeoutAndLeavesTheQueue()
    {
        var time = new FakeTimeProvider();
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 1, QueueTimeout = TimeSpan.FromMinutes(5) }, time);
        using var running = Stalled(new DtlsTestLink(TimeSpan.FromMinutes(5), serverPool: pool));
        using var waiting = Stalled(new DtlsTestLink(TimeSpan.FromSeconds(3), serverPool: pool));
        _ = running.Server.StartHandshake();
        _ = running.Client.StartHandshake();
        await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 1, "the first handshake on the only worker");
        Task<DtlsSrtpKeys> queued = waiting.Server.StartHandshake();
        _ = waiting.Client.StartHandshake();
        await DtlsWait.UntilAsync(() => pool.QueuedHandshakes == 1, "the second handshake queued");

        time.Advance(TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => queued.WaitAsync(DtlsTestLink.TestWait));
        Assert.Equal(DtlsHandshakeFailure.Timeout, error.Failure);
        Assert.Equal(0, pool.QueuedHandshakes);
        Assert.Equal(1, pool.FailedHandshakes(DtlsHandshakeFailure.Timeout));
    }

    [Fact]
    public async Task ConnectedAssociations_HoldNoThread_WorkersExitAndCloseNotifyIsAShortWorkItem()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 2, WorkerIdleTimeout = TimeSpan.FromMilliseconds(200) }, TimeProvider.System);
        var links = Enumerable.Range(0, 6).Select(_ => new DtlsTestLink(serverPool: pool)).ToArray();
        int mostThreads = 0;
        using var sampler = new Timer(_ => InterlockedMax(ref mostThreads, pool.Threads), null, 0, 5);
        try
        {
            foreach (var link in links)
            {
                await link.HandshakeAsync();
            }

            Assert.Equal(6, pool.CompletedHandshakes);

            // Six live associations, and not one thread of the pool left for them.
            await DtlsWait.UntilAsync(() => pool.Threads == 0, "the idle workers exited");
            Assert.All(links, l => Assert.False(l.Server.Closed.IsCompleted));

            // The peer's close_notify is read by a short work item, which ends the association.
            links[0].Client.Close();
            await links[0].Server.Closed.WaitAsync(DtlsTestLink.TestWait);
            Assert.Equal("the peer sent close_notify", links[0].Server.CloseReason);
            await DtlsWait.UntilAsync(() => pool.Threads == 0, "the worker of the work item exited");
            Assert.InRange(Volatile.Read(ref mostThreads), 1, pool.Settings.Workers + 1);
            Assert.Equal(0, pool.WorkerErrors);
        }
        finally
        {
            foreach (var link in links)
            {
                link.Dispose();
            }
        }
    }

    [Fact]
    public async Task Dispose_WithQueuedHandshake_RefusesIt()
    {
        var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 1 }, TimeProvider.System);
        using var running = Stalled(new DtlsTestLink(serverPool: pool));
        using var waiting = Stalled(new DtlsTestLink(serverPool: pool));
        _ = running.Server.StartHandshake();
        _ = running.Client.StartHandshake();
        await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 1, "the first handshake on the only worker");
        Task<DtlsSrtpKeys> queued = waiting.Server.StartHandshake();
        _ = waiting.Client.StartHandshake();
        await DtlsWait.UntilAsync(() => pool.QueuedHandshakes == 1, "the second handshake queued");

        pool.Dispose();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => queued.WaitAsync(DtlsTestLink.TestWait));
        Assert.Equal(DtlsHandshakeFailure.Refused, error.Failure);
        Assert.Contains("shutting down", error.Message);
    }

    [Fact]
    public async Task FourSilentPeersFromOneAddress_HandshakeFromAnotherAddress_RunsAndCompletesWhileTheyArePending()
    {
        // A fake clock that never moves: the silent handshakes stay pending for the whole test.
        var time = new FakeTimeProvider();
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 4, QueueTimeout = TimeSpan.FromMinutes(5) }, time);
        var hostile = DtlsAddressKey.From(System.Net.IPAddress.Parse("198.51.100.66"));
        var silent = Enumerable.Range(0, 4).Select(_ => DtlsHandshakeSilenceTests.Silent(new DtlsTestLink(TimeSpan.FromMinutes(5), serverPool: pool,
            serverSettings: new DtlsEndpointSettings { HandshakeTimeout = TimeSpan.FromMinutes(5), HandshakeSilenceTimeout = TimeSpan.FromSeconds(5) }))).ToArray();
        using var honest = new DtlsTestLink(serverPool: pool);
        try
        {
            Task<DtlsSrtpKeys>[] silentServers = [.. silent.Select(l => l.Server.StartHandshake(hostile))];
            foreach (var link in silent)
            {
                _ = link.Client.StartHandshake();
            }

            await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 2 && pool.QueuedHandshakes == 2 && pool.QueuedOverShare == 2,
                () => $"two of the address's handshakes running (its share of 4 workers), two passed over in the queue (running {pool.RunningHandshakes}, "
                    + $"queued {pool.QueuedHandshakes}, over share {pool.QueuedOverShare})");

            Task<DtlsSrtpKeys> honestServer = honest.Server.StartHandshake(DtlsAddressKey.From(System.Net.IPAddress.Parse("203.0.113.10")));
            Task<DtlsSrtpKeys> honestClient = honest.Client.StartHandshake();
            await honestServer.WaitAsync(DtlsTestLink.TestWait);
            await honestClient.WaitAsync(DtlsTestLink.TestWait);

            // The honest handshake's worker gives its slot back just after the keys are out: wait for that, then the
            // address's two running and two passed-over handshakes must still be exactly where they were.
            await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 2,
                () => $"the honest handshake's worker released (running {pool.RunningHandshakes})");
            Assert.All(silentServers, t => Assert.False(t.IsCompleted));
            Assert.Equal(1, pool.CompletedHandshakes);
            Assert.Equal((2, 2, 2), (pool.RunningHandshakes, pool.QueuedHandshakes, pool.QueuedOverShare));
        }
        finally
        {
            foreach (var link in silent)
            {
                link.Dispose();
            }
        }

        await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 0 && pool.QueuedHandshakes == 0, "the closed handshakes gone from the pool");
        Assert.Equal(0, pool.QueuedOverShare);
    }

    [Fact]
    public async Task AddressAtItsShare_ItsNextHandshake_RunsWhenOneOfItsOwnEnds()
    {
        using var pool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 2, MaxHandshakesPerAddress = 1 }, TimeProvider.System);
        var address = DtlsAddressKey.From(System.Net.IPAddress.Parse("2001:db8:1:2::1"));
        var sameSlash64 = DtlsAddressKey.From(System.Net.IPAddress.Parse("2001:db8:1:2::99"));
        using var first = Stalled(new DtlsTestLink(TimeSpan.FromMinutes(5), serverPool: pool));
        using var second = new DtlsTestLink(serverPool: pool);
        _ = first.Server.StartHandshake(address);
        _ = first.Client.StartHandshake();
        await DtlsWait.UntilAsync(() => pool.RunningHandshakes == 1, "the first handshake of the /64 running");
        Task<DtlsSrtpKeys> queued = second.Server.StartHandshake(sameSlash64);
        _ = second.Client.StartHandshake();
        await DtlsWait.UntilAsync(() => pool.QueuedOverShare == 1, "the second of the /64 passed over although a worker is free");
        Assert.Equal(1, pool.RunningHandshakes);

        first.Dispose();

        await queued.WaitAsync(DtlsTestLink.TestWait);
        Assert.Equal(0, pool.QueuedOverShare);
    }

    [Fact]
    public void Settings_OutOfRange_RejectedNamingTheProperty()
    {
        Assert.Contains("MaxHandshakesPerAddress", Assert.Throws<ArgumentException>(
            () => new DtlsHandshakePool(new DtlsPoolSettings { Workers = 2, MaxHandshakesPerAddress = 3 }, TimeProvider.System)).Message);
        Assert.Equal(1, new DtlsPoolSettings { Workers = 1 }.EffectiveMaxHandshakesPerAddress);
        Assert.Equal(2, new DtlsPoolSettings().EffectiveMaxHandshakesPerAddress);
        Assert.Contains("Workers", Assert.Throws<ArgumentException>(() => new DtlsHandshakePool(new DtlsPoolSettings { Workers = 0 }, TimeProvider.System)).Message);
        Assert.Contains("QueueTimeout", Assert.Throws<ArgumentException>(() => new DtlsHandshakePool(new DtlsPoolSettings { QueueTimeout = TimeSpan.Zero }, TimeProvider.System)).Message);
        Assert.Null(new DtlsPoolSettings().Validate());
    }

    /// <summary>The server's flights never reach the client: the server's handshake stays on its worker.</summary>
    private static DtlsTestLink Stalled(DtlsTestLink link)
    {
        link.Drop = (direction, _, _) => direction == LinkDirection.ServerToClient;
        return link;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
            seen = Volatile.Read(ref target);
        }
    }
}
