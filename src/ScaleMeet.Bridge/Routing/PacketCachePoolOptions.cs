namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// How much memory the bridge spends on packet caches (the packets kept to answer NACKs), from
/// <c>ScaleMeet:Bridge:PacketCachePool</c>. A video layer gets a cache of <see cref="BridgeOptions.PacketCacheSize"/>
/// packets (1 508 bytes each with its index: 772 KB at the default 512) when it first carries packets, while the pool has one to
/// give; it goes back when the producer goes. A layer that finds the pool empty is forwarded without a cache (its
/// receivers' NACKs go unanswered) and asks again every second.
/// </summary>
public sealed class PacketCachePoolOptions
{
    public const string Section = "PacketCachePool";

    /// <summary>
    /// Memory all caches together may hold, MiB (those in use and the idle ones kept for reuse). Default 512: 695
    /// layers at the default cache size, 231 simulcast cameras. 1 .. 1 048 576; it must hold at least one cache.
    /// </summary>
    public int MaxMegabytes { get; set; } = 512;

    /// <summary>
    /// Returned caches kept for the next layer instead of freed. Default 16; all are freed when the last conference
    /// ends, so memory goes back to the system after the calls. 0 .. 4 096.
    /// </summary>
    public int IdleCaches { get; set; } = 16;

    /// <summary>Returns the first problem found, naming the setting under <paramref name="parent"/>, or null.</summary>
    public string? Validate(string parent, int packetCacheSize)
    {
        var prefix = $"{parent}:{Section}";
        if (MaxMegabytes is < 1 or > 1_048_576)
        {
            return $"{prefix}:MaxMegabytes must be 1..1048576 (was {MaxMegabytes})";
        }

        var cacheBytes = PacketCache.BytesFor(packetCacheSize);
        if (MaxCaches(packetCacheSize) < 1)
        {
            return $"{prefix}:MaxMegabytes ({MaxMegabytes}) must hold at least one packet cache of {parent}:PacketCacheSize packets ({cacheBytes} bytes)";
        }

        if (IdleCaches is < 0 or > 4096)
        {
            return $"{prefix}:IdleCaches must be 0..4096 (was {IdleCaches})";
        }

        return null;
    }

    /// <summary>How many caches of <paramref name="packetCacheSize"/> packets fit in <see cref="MaxMegabytes"/>.</summary>
    public int MaxCaches(int packetCacheSize) =>
        (int)Math.Min(int.MaxValue, MaxMegabytes * 1024L * 1024L / PacketCache.BytesFor(packetCacheSize));
}
