namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// The bridge's packet caches: at most <see cref="Capacity"/> exist at once (in use or idle), which bounds the memory
/// of all senders' NACK caches together. <see cref="TryRent"/> when a video layer first carries packets (an idle
/// cache, or a new one while under the bound; null when the pool is exhausted), <see cref="Return"/> when the
/// producer goes; <see cref="TrimIdle"/> when the bridge has no conference left.
/// <para>Threading: loop thread only; the counts are read from any thread (metrics).</para>
/// </summary>
internal sealed class PacketCachePool
{
    private readonly Stack<PacketCache> _idle = new();
    private readonly int _packets;
    private readonly int _maxIdle;
    private int _inUse;
    private int _idleCount;
    private long _refused;

    public PacketCachePool(int packetsPerCache, int capacity, int maxIdle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxIdle);
        _packets = packetsPerCache;
        Capacity = capacity;
        _maxIdle = maxIdle;
        CacheBytes = PacketCache.BytesFor(packetsPerCache);
    }

    public PacketCachePool(BridgeOptions options)
        : this(options.PacketCacheSize, options.PacketCachePool.MaxCaches(options.PacketCacheSize), options.PacketCachePool.IdleCaches)
    {
    }

    /// <summary>The most caches that exist at once.</summary>
    public int Capacity { get; }

    /// <summary>Bytes one cache holds.</summary>
    public long CacheBytes { get; }

    public int InUse => Volatile.Read(ref _inUse);

    public int Idle => Volatile.Read(ref _idleCount);

    /// <summary>Requests refused because every cache was in use, since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Bytes held by caches in use and idle.</summary>
    public long Bytes => (InUse + (long)Idle) * CacheBytes;

    /// <summary>A cache with no packets, or null when <see cref="Capacity"/> caches are in use.</summary>
    public PacketCache? TryRent()
    {
        if (_idle.TryPop(out var cache))
        {
            Volatile.Write(ref _idleCount, _idle.Count);
        }
        else if (_inUse < Capacity - _idle.Count)
        {
            cache = new PacketCache(_packets);
        }
        else
        {
            Interlocked.Increment(ref _refused);
            return null;
        }

        Volatile.Write(ref _inUse, _inUse + 1);
        return cache;
    }

    /// <summary>Takes a cache back (null is ignored): kept for reuse while fewer than the idle bound wait, else freed.</summary>
    public void Return(PacketCache? cache)
    {
        if (cache is null)
        {
            return;
        }

        Volatile.Write(ref _inUse, _inUse - 1);
        if (_idle.Count < _maxIdle)
        {
            cache.Clear();
            _idle.Push(cache);
            Volatile.Write(ref _idleCount, _idle.Count);
        }
    }

    /// <summary>Frees every idle cache (the garbage collector returns their memory).</summary>
    public void TrimIdle()
    {
        _idle.Clear();
        Volatile.Write(ref _idleCount, 0);
    }
}
