using System.Diagnostics.Metrics;
using ScaleMeet.Bridge.Control;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// The bounds on negotiation and on packet caches as instruments on the bridge's meter: SDP refused by the bound it
/// broke, the packet cache pool, and subscribe sections reused or missing. Values are read from counters the loop and
/// the request processor keep (no work on the loop); zero before the bridge starts. Callbacks run on the collector.
/// </summary>
internal static class NegotiationMetrics
{
    private static readonly (NegotiationLimit Limit, string Tag)[] Limits =
    [
        (NegotiationLimit.OfferBytes, "offer_bytes"),
        (NegotiationLimit.MediaSections, "media_sections"),
        (NegotiationLimit.AttributesPerSection, "attributes_per_section"),
        (NegotiationLimit.RidsPerSection, "rids_per_section"),
        (NegotiationLimit.SsrcsPerSection, "ssrcs_per_section"),
        (NegotiationLimit.HeaderExtensionsPerSection, "header_extensions_per_section"),
        (NegotiationLimit.None, "other"),
    ];

    public static void AddTo(Meter meter, Func<MediaRouter?> router, Func<RequestProcessor?> requests)
    {
        meter.CreateObservableCounter("scalemeet_bridge_sdp_refused", () => Refused(requests()), "{sdp}",
            "Publish offers and subscribe answers refused with bad_sdp, by the bound they broke (limit=other: malformed or unusable)");
        meter.CreateObservableGauge("scalemeet_bridge_packet_caches_in_use", () => (long)(router()?.Caches.InUse ?? 0), "{cache}",
            "Packet caches held by video layers");
        meter.CreateObservableGauge("scalemeet_bridge_packet_caches_idle", () => (long)(router()?.Caches.Idle ?? 0), "{cache}",
            "Returned packet caches kept for reuse");
        meter.CreateObservableGauge("scalemeet_bridge_packet_cache_capacity", () => (long)(router()?.Caches.Capacity ?? 0), "{cache}",
            "The most packet caches that may exist at once (PacketCachePool:MaxMegabytes)");
        meter.CreateObservableGauge("scalemeet_bridge_packet_cache_bytes", () => router()?.Caches.Bytes ?? 0, "By",
            "Memory held by packet caches in use and idle");
        meter.CreateObservableCounter("scalemeet_bridge_packet_cache_refused", () => router()?.Caches.Refused ?? 0, "{request}",
            "Packet caches asked for while the pool was exhausted (a layer without one asks again every second)");
        meter.CreateObservableCounter("scalemeet_bridge_subscribe_sections_reused", () => router()?.Counters.SubscribeSectionsReused ?? 0, "{section}",
            "Subscribe media sections recycled for a new track");
        meter.CreateObservableCounter("scalemeet_bridge_subscribe_sections_full", () => router()?.Counters.SubscribeSectionsFull ?? 0, "{track}",
            "Tracks that found no subscribe section for a receiver at Negotiation:MaxSubscribeSections (offered when one frees up)");
    }

    private static IEnumerable<Measurement<long>> Refused(RequestProcessor? requests)
    {
        foreach (var (limit, tag) in Limits)
        {
            yield return new Measurement<long>(requests?.Counters.Refused(limit) ?? 0, new KeyValuePair<string, object?>("limit", tag));
        }
    }
}
