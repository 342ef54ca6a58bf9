using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace ScaleMeet.Bridge.Relay;

/// <summary>
/// The relays of one media loop, found by the id in each datagram's <see cref="RelayHeader"/>. It drops and counts
/// what belongs to no relay, what comes from anywhere but that relay's peer, and (through the relay) what fails
/// authentication or is replayed. At most <see cref="RelayOptions.MaxRelays"/> relays. Loop thread only.
/// </summary>
internal sealed class RelayTable
{
    private readonly Dictionary<uint, RelayTransport> _relays = [];
    private readonly List<RelayTransport> _expired = [];
    private readonly int _maxRelays;

    public RelayTable(int maxRelays, RelayCounters counters)
    {
        _maxRelays = maxRelays;
        Counters = counters;
    }

    public RelayCounters Counters { get; }

    public int Count => _relays.Count;

    public IEnumerable<RelayTransport> Relays => _relays.Values;

    /// <summary>Adds <paramref name="relay"/>; false (nothing added) when its id is in use or the table is full.</summary>
    public bool TryAdd(RelayTransport relay) => _relays.Count < _maxRelays && _relays.TryAdd(relay.RelayId, relay);

    public bool TryGet(uint relayId, [MaybeNullWhen(false)] out RelayTransport relay) => _relays.TryGetValue(relayId, out relay);

    /// <summary>Removes and disposes the relay with <paramref name="relayId"/>; false when there is none.</summary>
    public bool Close(uint relayId) => _relays.TryGetValue(relayId, out var relay) && Close(relay);

    /// <summary>Unmaps and disposes <paramref name="relay"/>; false when it was closed already.</summary>
    public bool Close(RelayTransport relay)
    {
        if (relay.IsClosed)
        {
            return false;
        }

        if (_relays.TryGetValue(relay.RelayId, out var mapped) && mapped == relay)
        {
            _relays.Remove(relay.RelayId);
        }

        relay.Dispose();
        return true;
    }

    /// <summary>
    /// One datagram from the relay port. Media comes back decrypted in place in <paramref name="plain"/>, with the relay
    /// it arrived on; everything else is handled (STUN) or dropped and counted.
    /// </summary>
    public RelayPacketKind Receive(Span<byte> datagram, SocketAddress from, out RelayTransport? relay, out Span<byte> plain)
    {
        Counters.DatagramsReceived++;
        relay = null;
        plain = default;
        if (!RelayHeader.TryRead(datagram, out var relayId))
        {
            Counters.MalformedDropped++;
            return RelayPacketKind.Dropped;
        }

        if (!_relays.TryGetValue(relayId, out relay))
        {
            Counters.UnknownRelayDropped++;
            return RelayPacketKind.Dropped;
        }

        if (!from.Equals(relay.RemoteAddress))
        {
            Counters.UnknownAddressDropped++;
            return RelayPacketKind.Dropped;
        }

        var packet = datagram[RelayHeader.Length..];
        var kind = relay.Receive(packet, out var plainLength);
        plain = packet[..plainLength];
        return kind;
    }

    /// <summary>
    /// Sends the checks that are due; returns the relays whose consent lapsed since the last call (each once; the list
    /// is reused by the next call). The caller tells the focus; the relays stay until it closes them.
    /// </summary>
    public IReadOnlyList<RelayTransport> OnTick(long now)
    {
        _expired.Clear();
        foreach (var relay in _relays.Values)
        {
            if (relay.IsConsentLost)
            {
                continue;
            }

            if (relay.Consent.IsExpired)
            {
                relay.IsConsentLost = true;
                Counters.ConsentExpired++;
                _expired.Add(relay);
                continue;
            }

            relay.OnTick(now);
        }

        return _expired;
    }
}
