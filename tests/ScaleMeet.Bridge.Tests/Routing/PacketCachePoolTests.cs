using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>The pool bounds how many packet caches exist, reuses returned ones (emptied) and frees idle ones on request.</summary>
public sealed class PacketCachePoolTests
{
    private static readonly byte[] Packet = [0x80, 96, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0xAB];

    [Fact]
    public void Rent_UpToCapacity_ThenRefusedAndCounted()
    {
        var pool = new PacketCachePool(packetsPerCache: 16, capacity: 2, maxIdle: 2);

        var first = pool.TryRent();
        var second = pool.TryRent();
        var third = pool.TryRent();

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotSame(first, second);
        Assert.Null(third);
        Assert.Equal((2, 0, 1L), (pool.InUse, pool.Idle, pool.Refused));
        Assert.Equal(2 * PacketCache.BytesFor(16), pool.Bytes);
    }

    [Fact]
    public void Returned_RentedAgain_SameCacheWithoutThePacketsOfItsLastLayer()
    {
        var pool = new PacketCachePool(16, 1, 1);
        var cache = pool.TryRent()!;
        cache.Store(7, Packet);
        Assert.True(cache.TryGet(7, out _));

        pool.Return(cache);
        Assert.Equal((0, 1), (pool.InUse, pool.Idle));
        var again = pool.TryRent();

        Assert.Same(cache, again);
        Assert.False(again!.TryGet(7, out _));
        Assert.Equal((1, 0, 0L), (pool.InUse, pool.Idle, pool.Refused));
    }

    [Fact]
    public void Returned_BeyondTheIdleBound_Freed_AndTheirRoomRentable()
    {
        var pool = new PacketCachePool(16, 3, maxIdle: 1);
        var caches = new[] { pool.TryRent()!, pool.TryRent()!, pool.TryRent()! };

        foreach (var cache in caches)
        {
            pool.Return(cache);
        }

        Assert.Equal((0, 1), (pool.InUse, pool.Idle));
        var rented = new[] { pool.TryRent(), pool.TryRent(), pool.TryRent(), pool.TryRent() };
        Assert.Same(caches[0], rented[0]);
        Assert.Equal(3, rented.Count(c => c is not null));
        Assert.Equal(1L, pool.Refused);
    }

    [Fact]
    public void TrimIdle_FreesIdleCaches_InUseUntouched()
    {
        var pool = new PacketCachePool(16, 4, 4);
        var kept = pool.TryRent()!;
        pool.Return(pool.TryRent());
        pool.Return(pool.TryRent());

        pool.TrimIdle();

        Assert.Equal((1, 0), (pool.InUse, pool.Idle));
        Assert.Equal(PacketCache.BytesFor(16), pool.Bytes);
        kept.Store(7, Packet);
        Assert.True(kept.TryGet(7, out _));
    }

    [Fact]
    public void ReturnNull_Ignored()
    {
        var pool = new PacketCachePool(16, 1, 1);

        pool.Return(null);

        Assert.Equal((0, 0), (pool.InUse, pool.Idle));
        Assert.NotNull(pool.TryRent());
    }
}
