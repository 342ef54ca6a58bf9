using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Relay;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// Senders across relays. On the origin bridge: a local sender's packets go to every relay of its conference as they
/// arrived (origin SSRCs and sequence numbers), its tracks are reported to the focus (<see cref="SenderTracksEvent"/>),
/// and keyframe requests that come back over a relay reach it. On the remote bridge: the focus's
/// <see cref="RemoteSenderRequest"/> makes a <see cref="RemoteSender"/> whose producers this bridge's receivers consume
/// like a local sender's, fed by the relay's RTP.
/// </summary>
internal sealed partial class MediaRouter
{
    public BridgeReply SetRemoteSender(RemoteSenderRequest request)
    {
        var key = new ConferenceKey(request.ConferenceId, request.Generation);
        if (!_conferences.TryGetValue(key, out var conference))
        {
            return new BridgeErrorReply(BridgeErrorCodes.UnknownEndpoint, $"no conference {key} on this bridge");
        }

        if (conference.Endpoints.ContainsKey(request.EndpointId))
        {
            return new BridgeErrorReply(BridgeErrorCodes.AlreadyExists, $"{request.EndpointId} is a participant on this bridge in {key}");
        }

        if (!conference.Relays.TryGetValue(request.RelayEndpointId, out var relay))
        {
            return new BridgeErrorReply(BridgeErrorCodes.UnknownEndpoint, $"no relay {request.RelayEndpointId} in conference {key}");
        }

        if (!RemoteTracksReader.TryCheck(request, _options.Negotiation, out var problem))
        {
            return new BridgeErrorReply(BridgeErrorCodes.BadTracks, $"remote sender {request.EndpointId}: {problem}");
        }

        conference.RemoteSenders.TryGetValue(request.EndpointId, out var sender);
        var before = sender is null || sender.Relay != relay ? 0 : sender.LayersBySsrc.Count;
        var after = 0;
        foreach (var track in request.Tracks)
        {
            foreach (var layer in track.Layers)
            {
                if (OwnedByOther(relay, layer.Ssrc, sender) || (layer.RtxSsrc is { } rtx && OwnedByOther(relay, rtx, sender)))
                {
                    return new BridgeErrorReply(BridgeErrorCodes.BadTracks, $"remote sender {request.EndpointId}: SSRC {layer.Ssrc} is another sender's on {relay.EndpointId}");
                }

                after += (layer.Ssrc != 0 ? 1 : 0) + (layer.RtxSsrc is not null ? 1 : 0);
            }
        }

        if (relay.IncomingLayers.Count - before + after > _options.Relay.MaxSrtpStreams)
        {
            return new BridgeErrorReply(BridgeErrorCodes.LimitReached,
                $"relay {relay.EndpointId} would carry more than {_options.Relay.MaxSrtpStreams} SSRCs (ScaleMeet:Bridge:Relay:MaxSrtpStreams)");
        }

        if (sender is not null && sender.Relay != relay)
        {
            sender.Close(); // the sender's bridge is now reached over another relay
            sender = null;
        }

        if (sender is null)
        {
            sender = new RemoteSender(conference, request.EndpointId, relay);
            conference.RemoteSenders.Add(sender.Id, sender);
        }

        sender.DisplayName = request.DisplayName;
        ApplyRemoteTracks(sender, request);
        OfferSubscribeToAll(conference);
        return OkReply.Instance;
    }

    public BridgeReply ExpireRemoteSender(ExpireRemoteSenderRequest request)
    {
        var key = new ConferenceKey(request.ConferenceId, request.Generation);
        if (!_conferences.TryGetValue(key, out var conference) || !conference.RemoteSenders.TryGetValue(request.EndpointId, out var sender))
        {
            return new BridgeErrorReply(BridgeErrorCodes.UnknownEndpoint, $"no remote sender {request.EndpointId} in conference {key}");
        }

        sender.Close();
        OfferSubscribeToAll(conference);
        return OkReply.Instance;
    }

    private static bool OwnedByOther(RelayTransport relay, uint ssrc, RemoteSender? sender) =>
        ssrc != 0 && relay.IncomingLayers.TryGetValue(ssrc, out var layer) && layer.Producer.Owner != sender;

    /// <summary>
    /// Makes the sender's producers what the request lists: a track whose mid is gone or whose shape changed (kind,
    /// payload types, rids) closes, a new one opens with a consumer on every local receiver, and a layer whose SSRC
    /// was learned or changed maps its new SSRC (a changed one starts over as a new stream, as for a local sender).
    /// </summary>
    private void ApplyRemoteTracks(RemoteSender sender, RemoteSenderRequest request)
    {
        foreach (var existing in sender.Producers.ToArray())
        {
            var track = request.Tracks.FirstOrDefault(t => t.Mid == existing.Mid);
            if (track is null || !SameShape(existing, track, request.AudioLevelExtensionId))
            {
                existing.Close();
            }
        }

        foreach (var track in request.Tracks)
        {
            var producer = sender.FindProducer(track.Mid);
            if (producer is null)
            {
                var kind = track.Kind == "audio" ? MediaKind.Audio : MediaKind.Video;
                producer = new Producer(sender, kind, track.Mid, (byte)track.PayloadType, (byte?)track.RtxPayloadType,
                    kind == MediaKind.Audio ? (byte)request.AudioLevelExtensionId : (byte)0);
                for (var i = 0; i < track.Layers.Count; i++)
                {
                    producer.Layers.Add(new ProducerLayer(producer, i, track.Layers[i].Rid, NominalHeight(i, track.Layers.Count), null));
                }

                sender.Producers.Add(producer);
                foreach (var receiver in sender.Conference.Endpoints.Values)
                {
                    AddConsumer(producer, receiver);
                }
            }

            for (var i = 0; i < track.Layers.Count; i++)
            {
                MapRemoteLayer(sender, producer.Layers[i], track.Layers[i]);
            }
        }

        sender.Conference.AllocationNeeded = true;
    }

    private static bool SameShape(Producer producer, RelayedTrack track, int audioLevelExtensionId) =>
        (producer.Kind == MediaKind.Audio ? "audio" : "video") == track.Kind && producer.PayloadType == track.PayloadType
        && producer.RtxPayloadType == track.RtxPayloadType && producer.Layers.Count == track.Layers.Count
        && (producer.Kind == MediaKind.Video || producer.AudioLevelExtensionId == audioLevelExtensionId)
        && producer.Layers.Select(l => l.Rid).SequenceEqual(track.Layers.Select(l => l.Rid), StringComparer.Ordinal);

    private void MapRemoteLayer(RemoteSender sender, ProducerLayer layer, RelayedLayer relayed)
    {
        var relay = sender.Relay;
        if (relayed.Ssrc != 0 && relayed.Ssrc != layer.Ssrc)
        {
            if (layer.Ssrc != 0)
            {
                OnLayerSsrcChanged(sender, layer, relayed.Ssrc);
            }
            else
            {
                layer.Ssrc = relayed.Ssrc;
            }

            sender.LayersBySsrc[layer.Ssrc] = layer;
            relay.IncomingLayers[layer.Ssrc] = layer;
        }

        if (relayed.RtxSsrc is { } rtx && rtx != layer.RtxSsrc)
        {
            if (layer.RtxSsrc is { } old)
            {
                sender.LayersBySsrc.Remove(old);
                relay.ForgetIncoming(old, retire: true);
            }

            layer.RtxSsrc = rtx;
            sender.LayersBySsrc[rtx] = layer;
            relay.IncomingLayers[rtx] = layer;
        }
    }

    /// <summary>Authenticated RTP from a relay: its origin SSRC names a remote sender's layer, which forwards it here.</summary>
    private void OnRelayRtp(RelayTransport relay, Span<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            Relays.Counters.MalformedDropped++;
            return;
        }

        if (!relay.IncomingLayers.TryGetValue(header.Ssrc, out var layer) || header.Ssrc != layer.Ssrc)
        {
            Relays.Counters.MediaUnrouted++;
            return;
        }

        ReceiveLayerPacket(layer, packet, in header);
    }

    /// <summary>
    /// Authenticated RTCP from a relay, within the relay's RTCP budget: a PLI or FIR for a local sender's layer becomes a
    /// keyframe request to that sender (rate-limited per layer as every keyframe request is).
    /// </summary>
    private void OnRelayRtcp(RelayTransport relay, ReadOnlySpan<byte> packet)
    {
        if (!relay.Budgets.Rtcp.TryTake(1, _time.GetTimestamp()))
        {
            Budgets.RtcpRateLimited++;
            return;
        }

        Counters.RtcpReceived++;
        var reader = new RtcpCompoundReader(packet);
        while (reader.TryNext(out var header, out var body))
        {
            if (header.PacketType != RtcpPacketType.PSFB)
            {
                continue;
            }

            if (header.Count == Pli.Format && Pli.TryParse(body, out var pli))
            {
                RequestLocalKeyframe(relay, pli.MediaSsrc);
            }
            else if (header.Count == Fir.Format && Fir.TryParse(body, out var fir))
            {
                for (var i = 0; i < fir.EntryCount; i++)
                {
                    RequestLocalKeyframe(relay, fir.GetEntry(i).Ssrc);
                }
            }
        }

        if (reader.Malformed)
        {
            Relays.Counters.MalformedDropped++;
        }
    }

    private void RequestLocalKeyframe(RelayTransport relay, uint ssrc)
    {
        if (relay.Conference is not { } conference)
        {
            return;
        }

        foreach (var endpoint in conference.Endpoints.Values)
        {
            if (endpoint.LayersBySsrc.TryGetValue(ssrc, out var layer) && layer.Ssrc == ssrc)
            {
                RequestKeyframe(layer);
                return;
            }
        }
    }

    /// <summary>A local sender's packet, as it arrived, to every connected relay of its conference.</summary>
    private void SendOverRelays(Conference conference, Span<byte> packet)
    {
        foreach (var relay in conference.Relays.Values)
        {
            if (relay.IsConnected)
            {
                relay.SendRtp(packet, packet.Length, 0);
            }
        }
    }

    /// <summary>Reports every local sender of the conference (a relay was just created: its peer needs them all).</summary>
    private void ReportSenderTracks(Conference conference)
    {
        foreach (var endpoint in conference.Endpoints.Values)
        {
            if (endpoint.Producers.Count > 0)
            {
                ReportSenderTracks(endpoint);
            }
        }
    }

    /// <summary>Tells the focus a local sender's tracks as the conference's other bridges need them; only when it has relays.</summary>
    private void ReportSenderTracks(Endpoint endpoint)
    {
        var conference = endpoint.Conference;
        if (conference.Relays.Count == 0 || endpoint.IsClosed)
        {
            return;
        }

        var tracks = new RelayedTrack[endpoint.Producers.Count];
        var audioLevel = 0;
        for (var i = 0; i < tracks.Length; i++)
        {
            var producer = endpoint.Producers[i];
            var layers = new RelayedLayer[producer.Layers.Count];
            for (var l = 0; l < layers.Length; l++)
            {
                var layer = producer.Layers[l];
                layers[l] = new RelayedLayer(layer.Ssrc, layer.Rid, layer.RtxSsrc);
            }

            if (producer.Kind == MediaKind.Audio && producer.AudioLevelExtensionId != 0)
            {
                audioLevel = producer.AudioLevelExtensionId;
            }

            tracks[i] = new RelayedTrack(producer.Kind == MediaKind.Audio ? "audio" : "video", producer.Mid, producer.PayloadType, layers, producer.RtxPayloadType);
        }

        _events.OnBridgeEvent(_bridgeId, new SenderTracksEvent(conference.Id, endpoint.Id, endpoint.DisplayName, audioLevel, tracks)
        {
            Generation = conference.Generation,
        });
    }
}
