using ScaleMeet.Bridge.Relay;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Transport;

namespace ScaleMeet.Bridge.Conferences;

/// <summary>
/// What the conferences of one media loop share and their children give back when they close: video layers return
/// their packet caches to the pool, endpoints their transports to the loop's lookup table. One per loop (the
/// <see cref="MediaRouter"/>'s), so a conference and everything under it live on that loop alone. Loop thread only.
/// Relays return to the loop's relay table.
/// </summary>
internal sealed class ConferenceResources(PacketCachePool caches, TransportTable transports, RelayTable? relays = null)
{
    public PacketCachePool Caches { get; } = caches;

    public TransportTable Transports { get; } = transports;

    public RelayTable Relays { get; } = relays ?? new RelayTable(new RelayOptions().MaxRelays, new RelayCounters());

    /// <summary>Resources of their own, for a conference built outside a router (tests).</summary>
    public static ConferenceResources Standalone() => new(new PacketCachePool(new BridgeOptions()), new TransportTable());
}
