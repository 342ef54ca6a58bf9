using System.Security.Cryptography;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Transport;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Bridge.Routing;

/// <summary>Endpoint life cycle and negotiation, driven by the focus's control requests (on the loop thread).</summary>
internal sealed partial class MediaRouter
{
    public IReadOnlyList<System.Net.IPEndPoint> Candidates { get; set; } = [];

    public BridgeReply Handle(BridgeRequest request) => request switch
    {
        AllocateEndpointRequest r => Allocate(r),
        PublishOfferRequest r => OnPublishOffer(r),
        SubscribeAnswerRequest r => OnSubscribeAnswer(r),
        ExpireEndpointRequest r => Expire(r),
        ReceiverConstraintsRequest r => OnReceiverConstraints(r),
        _ => new BridgeErrorReply(BridgeErrorCodes.Internal, $"unsupported request {request.GetType().Name}"),
    };

    private BridgeReply Allocate(AllocateEndpointRequest request)
    {
        if (!_conferences.TryGetValue(request.ConferenceId, out var conference))
        {
            conference = new Conference(request.ConferenceId);
            _conferences.Add(conference.Id, conference);
            Counters.ConferencesCreated++;
        }

        if (conference.Endpoints.ContainsKey(request.EndpointId))
        {
            return new BridgeErrorReply(BridgeErrorCodes.AlreadyExists, $"endpoint {request.EndpointId} already exists in {request.ConferenceId}");
        }

        var endpoint = new Endpoint(conference, request.EndpointId, request.DisplayName);
        conference.Endpoints.Add(endpoint.Id, endpoint);
        Log.EndpointAllocated(_log, endpoint.Id, conference.Id);

        // Subscribe to everything already published in the room.
        foreach (var other in conference.Endpoints.Values)
        {
            if (other != endpoint)
            {
                foreach (var producer in other.Producers)
                {
                    AddConsumer(producer, endpoint);
                }
            }
        }

        OfferSubscribeIfNeeded(endpoint);
        return OkReply.Instance;
    }

    private BridgeReply OnPublishOffer(PublishOfferRequest request)
    {
        if (!TryFindEndpoint(request, out var endpoint, out var error))
        {
            return error;
        }

        var transport = endpoint.Publish ??= CreateTransport(endpoint, TransportRole.Publish);
        var local = LocalParameters(transport);
        if (!PublishNegotiator.TryNegotiate(request.Sdp, local, out var negotiation, out var problem))
        {
            return new BridgeErrorReply(BridgeErrorCodes.BadSdp, problem!);
        }

        endpoint.PublishExtensions = negotiation!.Extensions;
        ApplyProducers(endpoint, negotiation.Producers);
        StartHandshake(transport, negotiation.RemoteFingerprint, negotiation.RemoteUfrag);
        return new PublishAnswerReply(negotiation.AnswerSdp);
    }

    private BridgeReply OnSubscribeAnswer(SubscribeAnswerRequest request)
    {
        if (!TryFindEndpoint(request, out var endpoint, out var error))
        {
            return error;
        }

        if (!endpoint.AwaitingSubscribeAnswer || request.Version != endpoint.SubscribeOfferVersion || endpoint.Subscribe is null)
        {
            return new BridgeErrorReply(BridgeErrorCodes.OutOfOrder,
                $"answer to subscribe offer {request.Version}, but the outstanding offer is {(endpoint.AwaitingSubscribeAnswer ? endpoint.SubscribeOfferVersion : "none")}");
        }

        if (!SubscribeAnswerReader.TryRead(request.Sdp, out var answer, out var problem))
        {
            return new BridgeErrorReply(BridgeErrorCodes.BadSdp, problem!);
        }

        endpoint.AwaitingSubscribeAnswer = false;
        foreach (var slot in endpoint.SubscribeSlots)
        {
            // Only what the answered offer contained: consumers added since wait for the next offer.
            if (slot.Consumer is { } consumer && !consumer.Negotiated && slot.OfferedInVersion != 0 && slot.OfferedInVersion <= request.Version)
            {
                consumer.Negotiated = true;
                endpoint.Conference.AllocationNeeded = true;
                if (endpoint.Subscribe.IsConnected)
                {
                    RequestKeyframe(consumer);
                }
            }
        }

        StartHandshake(endpoint.Subscribe, answer!.RemoteFingerprint, answer.RemoteUfrag);
        if (endpoint.SubscribeRenegotiationNeeded)
        {
            OfferSubscribeIfNeeded(endpoint);
        }

        return OkReply.Instance;
    }

    private BridgeReply Expire(ExpireEndpointRequest request)
    {
        if (!TryFindEndpoint(request, out var endpoint, out var error))
        {
            return error;
        }

        RemoveEndpoint(endpoint);
        return OkReply.Instance;
    }

    private bool TryFindEndpoint(BridgeRequest request, out Endpoint endpoint, out BridgeReply error)
    {
        if (_conferences.TryGetValue(request.ConferenceId, out var conference) && conference.Endpoints.TryGetValue(request.EndpointId, out endpoint!))
        {
            error = OkReply.Instance;
            return true;
        }

        endpoint = null!;
        error = new BridgeErrorReply(BridgeErrorCodes.UnknownEndpoint, $"no endpoint {request.EndpointId} in conference {request.ConferenceId}");
        return false;
    }

    private WebRtcTransport CreateTransport(Endpoint endpoint, TransportRole role)
    {
        var transport = new WebRtcTransport(endpoint, role, _socket, _certificate, _time, _options, Traffic, Budgets);
        _transportsByUfrag.Add(transport.Ice.LocalUfrag, transport);
        return transport;
    }

    private LocalTransportParameters LocalParameters(WebRtcTransport transport) =>
        new(transport.Ice.LocalUfrag, transport.Ice.LocalPwd, _certificate.Fingerprint, Candidates);

    private void StartHandshake(WebRtcTransport transport, string remoteFingerprint, string? remoteUfrag)
    {
        var handshake = transport.StartHandshake(remoteFingerprint, remoteUfrag);
        handshake?.ContinueWith(
            t => Loop?.Post(() => OnHandshakeDone(transport, t)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnHandshakeDone(WebRtcTransport transport, Task<DtlsSrtpKeys> handshake)
    {
        var endpoint = transport.Owner;
        if (transport.IsClosed || endpoint.IsClosed)
        {
            return;
        }

        if (!handshake.IsCompletedSuccessfully)
        {
            var reason = handshake.Exception?.InnerException?.Message ?? "DTLS handshake cancelled";
            Counters.DtlsFailures++;
            ExpireFromBridge(endpoint, $"DTLS failed on the {transport.Role.ToString().ToLowerInvariant()} connection: {reason}");
            return;
        }

        transport.OnDtlsConnected(handshake.Result);
        Log.DtlsConnected(_log, endpoint.Id, transport.Role, handshake.Result.Profile);
        if (transport.Role == TransportRole.Subscribe)
        {
            foreach (var slot in endpoint.SubscribeSlots)
            {
                if (slot.Consumer is { Negotiated: true } consumer)
                {
                    RequestKeyframe(consumer);
                }
            }
        }
    }

    /// <summary>Replaces the endpoint's producers with the negotiated set, keeping those whose mid is unchanged.</summary>
    private void ApplyProducers(Endpoint endpoint, IReadOnlyList<ProducerSpec> specs)
    {
        foreach (var existing in endpoint.Producers.ToArray())
        {
            if (!specs.Any(s => s.Mid == existing.Mid && s.Kind == existing.Kind))
            {
                RemoveProducer(existing);
            }
        }


        foreach (var spec in specs)
        {
            if (endpoint.FindProducer(spec.Mid) is not null)
            {
                continue;
            }

            var producer = new Producer(endpoint, spec.Kind, spec.Mid, spec.PayloadType, spec.RtxPayloadType, spec.AudioLevelExtensionId);
            if (spec.Rids.Count > 0)
            {
                for (var i = 0; i < spec.Rids.Count; i++)
                {
                    producer.Layers.Add(new ProducerLayer(producer, i, spec.Rids[i], NominalHeight(i, spec.Rids.Count), NewCache(spec.Kind)));
                }
            }
            else
            {
                var layer = new ProducerLayer(producer, 0, null, NominalHeight(0, 1), NewCache(spec.Kind)) { Ssrc = spec.Ssrc!.Value, RtxSsrc = spec.RtxSsrc };
                producer.Layers.Add(layer);
                endpoint.LayersBySsrc[layer.Ssrc] = layer;
                if (layer.RtxSsrc is { } rtx)
                {
                    endpoint.LayersBySsrc[rtx] = layer;
                }
            }

            endpoint.Producers.Add(producer);
            foreach (var receiver in endpoint.Others)
            {
                AddConsumer(producer, receiver);
            }
        }

        endpoint.Conference.AllocationNeeded = true;
        OfferSubscribeToAll(endpoint.Conference);
    }

    /// <summary>One offer per receiver after a batch of track changes, not one per track.</summary>
    private void OfferSubscribeToAll(Conference conference)
    {
        foreach (var receiver in conference.Endpoints.Values)
        {
            OfferSubscribeIfNeeded(receiver);
        }
    }

    /// <summary>Heights assumed for simulcast layers (¼, ½, full of 720p) until their keyframes tell.</summary>
    private static int NominalHeight(int index, int count) => 720 >> (count - 1 - index);

    private PacketCache? NewCache(MediaKind kind) => kind == MediaKind.Video ? new PacketCache(_options.PacketCacheSize) : null;

    private void AddConsumer(Producer producer, Endpoint receiver)
    {
        var slot = new SubscribeSlot(receiver.SubscribeSlots.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), producer.Kind);
        var consumer = new Consumer(producer, receiver, slot.Mid, NewSsrc(receiver), NewSsrc(receiver),
            (ushort)RandomNumberGenerator.GetInt32(0, 0x8000), (uint)RandomNumberGenerator.GetInt32(0, int.MaxValue))
        {
            // Audio (one layer) flows at once; video gets its layers from the allocation.
            TargetLayer = producer.Kind == MediaKind.Audio ? 0 : -1,
            DesiredLayer = producer.Kind == MediaKind.Audio ? 0 : -1,
        };
        slot.Consumer = consumer;
        receiver.SubscribeSlots.Add(slot);
        receiver.ConsumersBySsrc[consumer.Ssrc] = consumer;
        receiver.ConsumersBySsrc[consumer.RtxSsrc] = consumer;
        producer.Consumers.Add(consumer);
        receiver.SubscribeRenegotiationNeeded = true;
        receiver.Conference.AllocationNeeded = true;
    }

    /// <summary>An SSRC never used before on <paramref name="receiver"/>'s subscribe connection.</summary>
    private static uint NewSsrc(Endpoint receiver) => receiver.NewConsumerSsrc();

    private void RemoveProducer(Producer producer)
    {
        var owner = producer.Owner;
        owner.Producers.Remove(producer);
        foreach (var layer in producer.Layers)
        {
            // Their SRTP state goes too; not retired, as a renegotiation may bring the same SSRC back.
            if (layer.Ssrc != 0)
            {
                owner.LayersBySsrc.Remove(layer.Ssrc);
                owner.Publish?.Inbound?.RemoveStream(layer.Ssrc, retire: false);
            }

            if (layer.RtxSsrc is { } rtx)
            {
                owner.LayersBySsrc.Remove(rtx);
                owner.Publish?.Inbound?.RemoveStream(rtx, retire: false);
            }
        }

        owner.Conference.AllocationNeeded = true;
        foreach (var consumer in producer.Consumers)
        {
            var receiver = consumer.Receiver;
            receiver.ConsumersBySsrc.Remove(consumer.Ssrc);
            receiver.ConsumersBySsrc.Remove(consumer.RtxSsrc);
            receiver.Subscribe?.Outbound?.RemoveStream(consumer.Ssrc);
            receiver.Subscribe?.Outbound?.RemoveStream(consumer.RtxSsrc);
            foreach (var slot in receiver.SubscribeSlots)
            {
                if (slot.Consumer == consumer)
                {
                    slot.Consumer = null;
                }
            }

            receiver.SubscribeRenegotiationNeeded = true;
        }

        producer.Consumers.Clear();
    }

    /// <summary>Sends a new subscribe offer when the consumers changed and no offer is outstanding.</summary>
    private void OfferSubscribeIfNeeded(Endpoint endpoint)
    {
        if (endpoint.IsClosed || !endpoint.SubscribeRenegotiationNeeded || endpoint.AwaitingSubscribeAnswer || endpoint.SubscribeSlots.Count == 0)
        {
            return;
        }

        var transport = endpoint.Subscribe ??= CreateTransport(endpoint, TransportRole.Subscribe);
        endpoint.SubscribeRenegotiationNeeded = false;
        endpoint.AwaitingSubscribeAnswer = true;
        endpoint.SubscribeOfferVersion++;
        foreach (var slot in endpoint.SubscribeSlots)
        {
            if (slot.OfferedInVersion == 0)
            {
                slot.OfferedInVersion = endpoint.SubscribeOfferVersion;
            }
        }

        var sdp = SubscribeOfferWriter.Write(endpoint, LocalParameters(transport), endpoint.SubscribeOfferVersion, out var tracks);
        _events.OnBridgeEvent(_bridgeId, new SubscribeOfferEvent(endpoint.Conference.Id, endpoint.Id, sdp, endpoint.SubscribeOfferVersion, tracks));
    }

    private void ExpireEndpointsWithoutConsent()
    {
        List<Endpoint>? expired = null;
        foreach (var conference in _conferences.Values)
        {
            foreach (var endpoint in conference.Endpoints.Values)
            {
                if (IsConsentExpired(endpoint.Publish) || IsConsentExpired(endpoint.Subscribe))
                {
                    (expired ??= []).Add(endpoint);
                }
            }
        }

        if (expired is not null)
        {
            foreach (var endpoint in expired)
            {
                Counters.IceFailures++;
                ExpireFromBridge(endpoint, "ICE consent expired");
            }
        }
    }

    private static bool IsConsentExpired(WebRtcTransport? transport) =>
        transport is { HandshakeStarted: true } && transport.Ice.IsConsentExpired;

    /// <summary>The bridge removes an endpoint by itself and tells the focus.</summary>
    private void ExpireFromBridge(Endpoint endpoint, string reason)
    {
        if (endpoint.IsClosed)
        {
            return;
        }

        Log.EndpointExpired(_log, endpoint.Id, endpoint.Conference.Id, reason);
        RemoveEndpoint(endpoint);
        _events.OnBridgeEvent(_bridgeId, new EndpointExpiredEvent(endpoint.Conference.Id, endpoint.Id, reason));
    }

    private void RemoveEndpoint(Endpoint endpoint)
    {
        if (endpoint.IsClosed)
        {
            return;
        }

        endpoint.IsClosed = true;
        foreach (var producer in endpoint.Producers.ToArray())
        {
            RemoveProducer(producer);
        }

        foreach (var slot in endpoint.SubscribeSlots)
        {
            if (slot.Consumer is { } consumer)
            {
                consumer.Producer.Consumers.Remove(consumer);
                slot.Consumer = null;
            }
        }

        endpoint.SubscribeSlots.Clear();
        endpoint.ConsumersBySsrc.Clear();
        CloseTransport(endpoint.Publish);
        CloseTransport(endpoint.Subscribe);
        endpoint.Publish = null;
        endpoint.Subscribe = null;

        var conference = endpoint.Conference;
        conference.Speakers.Remove(endpoint);
        conference.Endpoints.Remove(endpoint.Id);
        if (conference.Endpoints.Count == 0)
        {
            _conferences.Remove(conference.Id);
            Counters.ConferencesCompleted++;
        }
        else
        {
            OfferSubscribeToAll(conference);
        }
    }

    private void CloseTransport(WebRtcTransport? transport)
    {
        if (transport is null)
        {
            return;
        }

        _transportsByUfrag.Remove(transport.Ice.LocalUfrag);
        foreach (var address in transport.KnownAddresses)
        {
            if (_transportsByAddress.TryGetValue(address, out var mapped) && mapped == transport)
            {
                _transportsByAddress.Remove(address);
            }
        }

        transport.Dispose();
    }

    /// <summary>Closes everything (bridge shutdown).</summary>
    public void CloseAll()
    {
        foreach (var conference in _conferences.Values.ToArray())
        {
            foreach (var endpoint in conference.Endpoints.Values.ToArray())
            {
                RemoveEndpoint(endpoint);
            }
        }
    }
}
