using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Transport;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// Endpoint life cycle and negotiation, on the loop thread. Requests arrive compiled: the
/// <see cref="Control.RequestProcessor"/> parsed and negotiated their SDP off the loop and hands over lookups
/// (<see cref="PreparePublish"/>, <see cref="PrepareSubscribeAnswer"/>) and changes (<see cref="ApplyPublish"/>,
/// <see cref="ApplySubscribeAnswer"/>); subscribe offers leave as snapshots that the
/// <see cref="SubscribeOfferPublisher"/> writes off the loop. No SDP text is read or written here.
/// </summary>
internal sealed partial class MediaRouter
{
    public IReadOnlyList<System.Net.IPEndPoint> Candidates { get; set; } = [];

    public BridgeReply AllocateEndpoint(AllocateEndpointRequest request)
    {
        var key = new ConferenceKey(request.ConferenceId, request.Generation);
        if (!_conferences.TryGetValue(key, out var conference))
        {
            conference = new Conference(request.ConferenceId, _time, request.Generation, _resources);
            _conferences.Add(key, conference);
            Counters.ConferencesCreated++;
        }

        if (conference.Endpoints.ContainsKey(request.EndpointId))
        {
            return new BridgeErrorReply(BridgeErrorCodes.AlreadyExists, $"endpoint {request.EndpointId} already exists in {key}");
        }

        var endpoint = new Endpoint(conference, request.EndpointId, request.DisplayName);
        conference.Endpoints.Add(endpoint.Id, endpoint);
        Log.EndpointAllocated(_log, endpoint.Id, conference.Id);

        // Subscribe to everything already published in the room, here and (over relays) on other bridges.
        foreach (var other in conference.Senders)
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

    /// <summary>The publish transport's local parameters (the transport is made on the first offer), to answer with off the loop.</summary>
    public (LocalTransportParameters? Local, BridgeErrorReply? Error) PreparePublish(PublishOfferRequest request)
    {
        if (!TryFindEndpoint(request, out var endpoint, out var error))
        {
            return (null, error);
        }

        var transport = endpoint.Publish ??= CreateTransport(endpoint, TransportRole.Publish);
        return (LocalParameters(transport), null);
    }

    /// <summary>Applies a negotiated publish offer: the endpoint's producers become <see cref="PublishChange.Producers"/>.</summary>
    public BridgeReply ApplyPublish(PublishChange change)
    {
        if (!TryFindEndpoint(change.Conference, change.EndpointId, out var endpoint, out var error))
        {
            return error;
        }

        var transport = endpoint.Publish ??= CreateTransport(endpoint, TransportRole.Publish);
        endpoint.PublishExtensions = change.Extensions;
        ApplyProducers(endpoint, change.Producers);
        StartHandshake(transport, change.RemoteFingerprint, change.RemoteUfrag);
        return OkReply.Instance;
    }

    /// <summary>Checks that <paramref name="request"/> answers the outstanding offer; returns that offer's section count.</summary>
    public (int OfferedSections, BridgeErrorReply? Error) PrepareSubscribeAnswer(SubscribeAnswerRequest request)
    {
        if (!TryFindEndpoint(request, out var endpoint, out var error))
        {
            return (0, error);
        }

        return IsOutstanding(endpoint, request.Version, out var outOfOrder) ? (endpoint.OfferedSectionCount, null) : (0, outOfOrder);
    }

    /// <summary>Applies a read subscribe answer: the consumers it contains may now flow; the transport's handshake starts.</summary>
    public BridgeReply ApplySubscribeAnswer(SubscribeAnswerChange change)
    {
        if (!TryFindEndpoint(change.Conference, change.EndpointId, out var endpoint, out var error))
        {
            return error;
        }

        if (!IsOutstanding(endpoint, change.Version, out var outOfOrder))
        {
            return outOfOrder;
        }

        endpoint.AwaitingSubscribeAnswer = false;
        endpoint.AnsweredSubscribeVersion = change.Version;
        foreach (var slot in endpoint.SubscribeSlots)
        {
            // Only what the answered offer contained: consumers added since wait for the next offer.
            if (slot.Consumer is { } consumer && !consumer.Negotiated && slot.OfferedInVersion != 0 && slot.OfferedInVersion <= change.Version)
            {
                consumer.Negotiated = true;
                endpoint.Conference.AllocationNeeded = true;
                if (endpoint.Subscribe!.IsConnected)
                {
                    RequestKeyframe(consumer);
                }
            }
        }

        StartHandshake(endpoint.Subscribe!, change.RemoteFingerprint, change.RemoteUfrag);
        if (endpoint.WaitingForSection)
        {
            // The answer may have freed sections (offered inactive): tracks that found none get one now.
            SubscribeToWaitingTracks(endpoint);
        }

        if (endpoint.SubscribeRenegotiationNeeded)
        {
            OfferSubscribeIfNeeded(endpoint);
        }

        return OkReply.Instance;
    }

    public BridgeReply Expire(ExpireEndpointRequest request)
    {
        if (!TryFindEndpoint(request, out var endpoint, out var error))
        {
            return error;
        }

        RemoveEndpoint(endpoint);
        return OkReply.Instance;
    }

    private static bool IsOutstanding(Endpoint endpoint, int version, [NotNullWhen(false)] out BridgeErrorReply? error)
    {
        if (endpoint.AwaitingSubscribeAnswer && version == endpoint.SubscribeOfferVersion && endpoint.Subscribe is not null)
        {
            error = null;
            return true;
        }

        error = new BridgeErrorReply(BridgeErrorCodes.OutOfOrder,
            $"answer to subscribe offer {version}, but the outstanding offer is {(endpoint.AwaitingSubscribeAnswer ? endpoint.SubscribeOfferVersion : "none")}");
        return false;
    }

    private bool TryFindEndpoint(BridgeRequest request, out Endpoint endpoint, [NotNullWhen(false)] out BridgeErrorReply? error) =>
        TryFindEndpoint(new ConferenceKey(request.ConferenceId, request.Generation), request.EndpointId, out endpoint, out error);

    private bool TryFindEndpoint(ConferenceKey conferenceId, string endpointId, out Endpoint endpoint, [NotNullWhen(false)] out BridgeErrorReply? error)
    {
        if (_conferences.TryGetValue(conferenceId, out var conference) && conference.Endpoints.TryGetValue(endpointId, out endpoint!))
        {
            error = null;
            return true;
        }

        endpoint = null!;
        error = new BridgeErrorReply(BridgeErrorCodes.UnknownEndpoint, $"no endpoint {endpointId} in conference {conferenceId}");
        return false;
    }

    private WebRtcTransport CreateTransport(Endpoint endpoint, TransportRole role)
    {
        var credentials = role == TransportRole.Publish ? endpoint.PublishIce : endpoint.SubscribeIce;
        var transport = new WebRtcTransport(endpoint, role, credentials, _socket, _certificate, _time, _options, Traffic, DtlsPool, _dtlsSettings, Budgets);
        _transports.Add(transport);
        return transport;
    }

    private LocalTransportParameters LocalParameters(WebRtcTransport transport) =>
        new(transport.Ice.LocalUfrag, transport.Ice.LocalPwd, _certificate.Fingerprint, Candidates);

    private void StartHandshake(WebRtcTransport transport, string remoteFingerprint, string? remoteUfrag)
    {
        transport.ApplyRemoteDescription(remoteFingerprint, remoteUfrag);
        StartHandshakeIfReady(transport);
    }

    /// <summary>Starts DTLS once the remote description is known and ICE answered a check (called after either).</summary>
    private void StartHandshakeIfReady(WebRtcTransport transport)
    {
        var handshake = transport.TryStartHandshake();
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
        transport.Dtls.Closed.ContinueWith(
            _ => Loop?.Post(() => OnDtlsClosed(transport)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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

    /// <summary>The association ended by itself (the peer's close_notify or fatal alert): the endpoint goes at once.</summary>
    private void OnDtlsClosed(WebRtcTransport transport)
    {
        var endpoint = transport.Owner;
        if (transport.IsClosed || endpoint.IsClosed)
        {
            return; // we closed it
        }

        Counters.DtlsClosedByPeer++;
        ExpireFromBridge(endpoint, $"DTLS closed on the {transport.Role.ToString().ToLowerInvariant()} connection: {transport.Dtls.CloseReason}");
    }

    /// <summary>Replaces the endpoint's producers with the negotiated set, keeping those whose mid is unchanged.</summary>
    private void ApplyProducers(Endpoint endpoint, IReadOnlyList<ProducerSpec> specs)
    {
        foreach (var existing in endpoint.Producers.ToArray())
        {
            if (!specs.Any(s => s.Mid == existing.Mid && s.Kind == existing.Kind))
            {
                existing.Close();
            }
        }

        foreach (var spec in specs)
        {
            if (endpoint.FindProducer(spec.Mid) is not null)
            {
                continue;
            }

            // No packet cache yet: a video layer rents one from the pool when it first carries packets.
            var producer = new Producer(endpoint, spec.Kind, spec.Mid, spec.PayloadType, spec.RtxPayloadType, spec.AudioLevelExtensionId);
            if (spec.Rids.Count > 0)
            {
                for (var i = 0; i < spec.Rids.Count; i++)
                {
                    producer.Layers.Add(new ProducerLayer(producer, i, spec.Rids[i], NominalHeight(i, spec.Rids.Count), null));
                }
            }
            else
            {
                var layer = new ProducerLayer(producer, 0, null, NominalHeight(0, 1), null) { Ssrc = spec.Ssrc!.Value, RtxSsrc = spec.RtxSsrc };
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
        ReportSenderTracks(endpoint);
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

    /// <summary>
    /// Gives <paramref name="receiver"/> a consumer of <paramref name="producer"/> in a section of its kind: a recycled
    /// one when the receiver has let one go, else a new one while it has fewer than
    /// <see cref="NegotiationOptions.MaxSubscribeSections"/>. With neither, the track waits for a section.
    /// </summary>
    private void AddConsumer(Producer producer, Endpoint receiver)
    {
        var slot = FindReusableSlot(receiver, producer.Kind);
        if (slot is not null)
        {
            Counters.SubscribeSectionsReused++;
        }
        else if (receiver.SubscribeSlots.Count < _options.Negotiation.MaxSubscribeSections)
        {
            slot = new SubscribeSlot(receiver.SubscribeSlots.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), producer.Kind);
            receiver.SubscribeSlots.Add(slot);
        }
        else
        {
            Counters.SubscribeSectionsFull++;
            receiver.WaitingForSection = true;
            return;
        }

        var ssrc = NewSsrc(receiver);
        var rtxSsrc = NewSsrc(receiver);
        var consumer = new Consumer(producer, receiver, slot.Mid, ssrc, rtxSsrc,
            (ushort)RandomNumberGenerator.GetInt32(0, 0x8000), (uint)RandomNumberGenerator.GetInt32(0, int.MaxValue))
        {
            // Audio (one layer) flows at once; video gets its layers from the allocation.
            TargetLayer = producer.Kind == MediaKind.Audio ? 0 : -1,
            DesiredLayer = producer.Kind == MediaKind.Audio ? 0 : -1,
        };
        slot.Assign(consumer);
        receiver.ConsumersBySsrc[consumer.Ssrc] = consumer;
        receiver.ConsumersBySsrc[consumer.RtxSsrc] = consumer;
        producer.Consumers.Add(consumer);
        receiver.SubscribeRenegotiationNeeded = true;
        receiver.Conference.AllocationNeeded = true;
    }

    private static SubscribeSlot? FindReusableSlot(Endpoint receiver, MediaKind kind)
    {
        foreach (var slot in receiver.SubscribeSlots)
        {
            if (slot.Kind == kind && slot.IsReusable(receiver.AnsweredSubscribeVersion))
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>Subscribes <paramref name="receiver"/> to the producers in its conference that found no section for it.</summary>
    private void SubscribeToWaitingTracks(Endpoint receiver)
    {
        receiver.WaitingForSection = false;
        foreach (var sender in receiver.Conference.Senders)
        {
            if (sender == receiver)
            {
                continue;
            }

            foreach (var producer in sender.Producers)
            {
                if (!producer.Consumers.Exists(c => c.Receiver == receiver))
                {
                    AddConsumer(producer, receiver);
                    if (receiver.WaitingForSection)
                    {
                        return;
                    }
                }
            }
        }
    }

    /// <summary>An SSRC never used before on <paramref name="receiver"/>'s subscribe connection (a recycled section included).</summary>
    private static uint NewSsrc(Endpoint receiver) => receiver.NewConsumerSsrc();

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
        var version = ++endpoint.SubscribeOfferVersion;
        var sections = new SubscribeSectionSnapshot[endpoint.SubscribeSlots.Count];
        for (var i = 0; i < sections.Length; i++)
        {
            var slot = endpoint.SubscribeSlots[i];
            slot.MarkOffered(version);
            sections[i] = slot.Consumer is { } c
                ? new SubscribeSectionSnapshot(slot.Mid, slot.Kind, c.Producer.Owner.Id, c.Producer.Mid, c.Ssrc, c.RtxSsrc)
                : new SubscribeSectionSnapshot(slot.Mid, slot.Kind, null, null, 0, 0);
        }

        endpoint.OfferedSectionCount = sections.Length;
        _offers.Post(new SubscribeOfferSnapshot(endpoint.Conference.Key, endpoint.Id, version, LocalParameters(transport), sections));
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

    /// <summary>Once a second: video layers that carry packets but found the pool exhausted when they started ask again.</summary>
    private void RentMissingPacketCaches()
    {
        foreach (var conference in _conferences.Values)
        {
            foreach (var endpoint in conference.Endpoints.Values)
            {
                foreach (var producer in endpoint.Producers)
                {
                    if (producer.Kind != MediaKind.Video)
                    {
                        continue;
                    }

                    foreach (var layer in producer.Layers)
                    {
                        if (layer.Cache is null && layer.LastPacketAt != 0)
                        {
                            layer.Cache = _caches.TryRent();
                        }
                    }
                }
            }
        }
    }

    private static bool IsConsentExpired(WebRtcTransport? transport) =>
        transport is { RemoteDescriptionApplied: true } && transport.Ice.IsConsentExpired;

    /// <summary>The bridge removes an endpoint by itself and tells the focus.</summary>
    private void ExpireFromBridge(Endpoint endpoint, string reason)
    {
        if (endpoint.IsClosed)
        {
            return;
        }

        Log.EndpointExpired(_log, endpoint.Id, endpoint.Conference.Id, reason);
        RemoveEndpoint(endpoint);
        _events.OnBridgeEvent(_bridgeId, new EndpointExpiredEvent(endpoint.Conference.Id, endpoint.Id, reason) { Generation = endpoint.Conference.Generation });
    }

    /// <summary>Closes the endpoint (and all it owns); the conference goes with its last endpoint, else the others renegotiate.</summary>
    private void RemoveEndpoint(Endpoint endpoint)
    {
        if (endpoint.IsClosed)
        {
            return;
        }

        var conference = endpoint.Conference;
        endpoint.Close();
        if (conference.Endpoints.Count == 0)
        {
            CloseConference(conference);
        }
        else
        {
            OfferSubscribeToAll(conference);
        }
    }

    private void CloseConference(Conference conference)
    {
        conference.Close();
        if (_conferences.Remove(conference.Key))
        {
            Counters.ConferencesCompleted++;
        }

        if (_conferences.Count == 0)
        {
            // No call left: the idle caches go too, so the memory can return to the system.
            _caches.TrimIdle();
        }
    }

    /// <summary>Closes everything (bridge shutdown).</summary>
    public void CloseAll()
    {
        foreach (var conference in _conferences.Values.ToArray())
        {
            CloseConference(conference);
        }
    }
}
