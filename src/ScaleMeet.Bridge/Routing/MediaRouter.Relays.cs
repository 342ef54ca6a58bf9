using System.Net;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Net;
using ScaleMeet.Bridge.Relay;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// The router's relays: created and expired by the focus's requests, read from the relay port, checked every tick,
/// reported to the focus when their peer stops answering. A relay belongs to its conference and closes with it.
/// </summary>
internal sealed partial class MediaRouter
{
    /// <summary>The relay port's socket (bound by the bridge when relays are enabled); null without relays.</summary>
    public MediaSocket? RelaySocket { get; init; }

    /// <summary>The loop's relays and what their port refused.</summary>
    public RelayTable Relays => _resources.Relays;

    public void OnRelayDatagram(Span<byte> datagram, SocketAddress from)
    {
        try
        {
            var kind = Relays.Receive(datagram, from, out var relay, out var plain);
            if (kind == RelayPacketKind.Rtp)
            {
                OnRelayRtp(relay!, plain);
            }
            else if (kind == RelayPacketKind.Rtcp)
            {
                OnRelayRtcp(relay!, plain);
            }
        }
        catch (Exception ex)
        {
            Counters.HandlerErrors++;
            Log.PacketHandlerFailed(_log, ex);
        }
    }

    public BridgeReply CreateRelay(CreateRelayRequest request)
    {
        if (RelaySocket is null)
        {
            return new BridgeErrorReply(BridgeErrorCodes.BadRelay, "this bridge has no relay port (ScaleMeet:Bridge:Relay:Enabled is off)");
        }

        var key = new ConferenceKey(request.ConferenceId, request.Generation);
        if (!_conferences.TryGetValue(key, out var conference))
        {
            return new BridgeErrorReply(BridgeErrorCodes.UnknownEndpoint, $"no conference {key} on this bridge (allocate a participant first)");
        }

        if (conference.Relays.ContainsKey(request.EndpointId))
        {
            return new BridgeErrorReply(BridgeErrorCodes.AlreadyExists, $"relay {request.EndpointId} exists in conference {key}");
        }

        if (!RelayRequestReader.TryRead(request, out var parameters, out var problem))
        {
            return new BridgeErrorReply(BridgeErrorCodes.BadRelay, problem);
        }

        if (Relays.Count >= _options.Relay.MaxRelays)
        {
            return new BridgeErrorReply(BridgeErrorCodes.LimitReached, $"this bridge holds {Relays.Count} relays, its limit (ScaleMeet:Bridge:Relay:MaxRelays)");
        }

        if (Relays.TryGet(parameters.RelayId, out _))
        {
            return new BridgeErrorReply(BridgeErrorCodes.AlreadyExists, $"relay id {parameters.RelayId} is in use on this bridge");
        }

        var relay = new RelayTransport(parameters, RelaySocket, _time, _options.Relay, _options.Budgets, Relays.Counters)
        {
            Conference = conference,
            EndpointId = request.EndpointId,
        };
        Relays.TryAdd(relay);
        conference.Relays.Add(request.EndpointId, relay);
        ReportSenderTracks(conference); // the peer bridge learns this bridge's senders through the focus
        return OkReply.Instance;
    }

    public BridgeReply ExpireRelay(ExpireRelayRequest request)
    {
        var key = new ConferenceKey(request.ConferenceId, request.Generation);
        if (!_conferences.TryGetValue(key, out var conference) || !conference.CloseRelay(request.EndpointId))
        {
            return new BridgeErrorReply(BridgeErrorCodes.UnknownEndpoint, $"no relay {request.EndpointId} in conference {key}");
        }

        OfferSubscribeToAll(conference); // the remote senders it carried are gone
        return OkReply.Instance;
    }

    /// <summary>Sends due checks; a relay whose peer stopped answering is reported once (the focus expires it).</summary>
    private void TickRelays(long now)
    {
        if (Relays.Count == 0)
        {
            return;
        }

        foreach (var relay in Relays.OnTick(now))
        {
            if (relay.Conference is { } conference)
            {
                _events.OnBridgeEvent(_bridgeId, new RelayFailedEvent(conference.Id, relay.EndpointId,
                    $"relay consent expired: no answer to its checks for {_options.Relay.ConsentTimeout.TotalSeconds:0.#} s")
                {
                    Generation = conference.Generation,
                });
            }
        }
    }
}
