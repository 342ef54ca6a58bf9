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
    public void Settings_OutOfRange_RejectedNamingTheProperty()
    {
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
