using System.Diagnostics.Metrics;
using ScaleMeet.Bridge.Relay;

namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// The relay port's figures (<see cref="RelayCounters"/>) as instruments on the bridge's meter:
/// <c>scalemeet_bridge_relay_*</c>. Read live at each collection; callbacks run on the collector's thread and read
/// counters the loop writes.
/// </summary>
internal static class RelayMetrics
{
    /// <summary>Adds the instruments to <paramref name="meter"/>; <paramref name="relays"/> is null until the bridge runs.</summary>
    public static void Register(Meter meter, Func<RelayTable?> relays)
    {
        meter.CreateObservableGauge("scalemeet_bridge_relays", () => relays()?.Count ?? 0, "{relay}", "Relays to other bridges held now");
        meter.CreateObservableCounter("scalemeet_bridge_relay_datagrams_received", () => relays()?.Counters.DatagramsReceived ?? 0, "{datagram}",
            "Datagrams read from the relay port, refused ones included");
        meter.CreateObservableCounter("scalemeet_bridge_relay_bytes", () =>
        {
            var c = relays()?.Counters ?? new RelayCounters();
            return new[]
            {
                new Measurement<long>(c.BytesSent, new KeyValuePair<string, object?>("direction", "out")),
                new Measurement<long>(c.BytesReceived, new KeyValuePair<string, object?>("direction", "in")),
            };
        }, "By", "Bytes on every relay of this bridge, by direction (out: sent; in: accepted), header, SRTP and STUN included");
        meter.CreateObservableCounter("scalemeet_bridge_relay_consent_expired", () => relays()?.Counters.ConsentExpired ?? 0, "{relay}",
            "Relays whose peer stopped answering their checks");
        meter.CreateObservableCounter("scalemeet_bridge_relay_dropped", () =>
        {
            var c = relays()?.Counters ?? new RelayCounters();
            return new[]
            {
                Reason(c.MalformedDropped, "malformed"), Reason(c.UnknownRelayDropped, "unknown_relay"), Reason(c.UnknownAddressDropped, "unknown_address"),
                Reason(c.StunRefused, "stun_refused"), Reason(c.SrtpAuthenticationFailed, "authentication"), Reason(c.SrtpReplayed, "replay"),
                Reason(c.SrtpStreamRefused, "stream_limit"), Reason(c.MediaUnrouted, "unrouted"),
            };
        }, "{datagram}", "Relay datagrams dropped, by reason");
    }

    private static Measurement<long> Reason(long value, string reason) => new(value, new KeyValuePair<string, object?>("reason", reason));
}
