using ScaleMeet.Bridge.Allocation;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// Per receiver, which layer of each video source it gets (<see cref="LayerAllocator"/>); per sender, the
/// largest height anyone wants (sender constraints, so unwatched layers are not encoded); the dominant speaker.
/// </summary>
internal sealed partial class MediaRouter
{
    /// <summary>A layer with no packet for this long no longer counts as flowing.</summary>
    private static readonly TimeSpan LayerActivityTimeout = TimeSpan.FromMilliseconds(1500);

    /// <summary>Bitrate set aside per audio track a receiver gets, before video is allocated (Opus with headers).</summary>
    private const long AudioAllowance = 50_000;

    public BridgeReply OnReceiverConstraints(ReceiverConstraintsRequest request)
    {
        if (!TryFindEndpoint(request, out var endpoint, out var error))
        {
            return error;
        }

        // Marked, not run: a burst of constraints costs one allocation at the next tick.
        endpoint.Constraints = request.Constraints;
        endpoint.Conference.AllocationNeeded = true;
        return OkReply.Instance;
    }

    private void EvaluateSpeakersAndAllocate()
    {
        var now = _time.GetTimestamp();
        foreach (var conference in _conferences.Values)
        {
            if (conference.Speakers.Evaluate(now) && conference.Speakers.Dominant is { } speaker)
            {
                _events.OnBridgeEvent(_bridgeId, new DominantSpeakerEvent(conference.Id, speaker.Id) { Generation = conference.Generation });
            }

            Allocate(conference);
        }
    }

    private void AllocateWhereNeeded()
    {
        foreach (var conference in _conferences.Values)
        {
            if (conference.AllocationNeeded)
            {
                Allocate(conference);
            }
        }
    }

    /// <summary>
    /// Runs the allocation for every receiver of the conference, then updates sender constraints. Called from the tick
    /// only (the periodic run, or where <see cref="Conference.AllocationNeeded"/> was marked), so at most once per
    /// conference per tick however many changes came in between.
    /// </summary>
    private void Allocate(Conference conference)
    {
        conference.AllocationNeeded = false;
        Counters.AllocationRuns++;
        var now = _time.GetTimestamp();
        var activityTicks = (long)(LayerActivityTimeout.TotalSeconds * _time.TimestampFrequency);
        foreach (var receiver in conference.Endpoints.Values)
        {
            AllocateFor(receiver, now, activityTicks);
        }

        foreach (var sender in conference.Endpoints.Values)
        {
            foreach (var producer in sender.Producers)
            {
                UpdateSenderConstraints(producer);
            }
        }
    }

    private void AllocateFor(Endpoint receiver, long now, long activityTicks)
    {
        var consumers = OrderedVideoConsumers(receiver);
        if (consumers.Count == 0)
        {
            return;
        }

        var constraints = receiver.Constraints;
        var sources = new AllocationSource[consumers.Count];
        for (var i = 0; i < consumers.Count; i++)
        {
            var producer = consumers[i].Producer;
            var sourceId = producer.Owner.Id;
            var onStage = constraints.OnStage.Contains(sourceId);
            var maxHeight = constraints.MaxHeights.TryGetValue(sourceId, out var c) ? c : onStage ? 720 : constraints.DefaultMaxHeight;
            var layers = new LayerInfo[producer.Layers.Count];
            for (var l = 0; l < layers.Length; l++)
            {
                var layer = producer.Layers[l];
                layers[l] = new LayerInfo(layer.Height, layer.Bitrate, layer.IsActive(now, activityTicks));
            }

            sources[i] = new AllocationSource(layers, maxHeight, onStage);
        }

        var audio = receiver.SubscribeSlots.Count(s => s.Consumer is { Producer.Kind: MediaKind.Audio });
        var estimate = receiver.Subscribe?.Bandwidth?.EstimateBitsPerSecond ?? 0;
        var choices = LayerAllocator.Allocate(sources, constraints.LastN, Math.Max(0, estimate - (audio * AudioAllowance)), _options.PauseVideoOnLowBandwidth);
        receiver.BandwidthLimited = false;
        for (var i = 0; i < consumers.Count; i++)
        {
            receiver.BandwidthLimited |= LayerAllocator.HeldBack(sources[i], choices[i]);
            var consumer = consumers[i];
            consumer.DesiredLayer = choices[i].Desired;
            if (consumer.TargetLayer != choices[i].Target)
            {
                consumer.TargetLayer = choices[i].Target;

                // A receiver that cannot receive yet asks later, when its transport connects.
                if (consumer.WaitingForKeyframe && consumer.Negotiated && receiver.Subscribe is { IsConnected: true })
                {
                    RequestKeyframe(consumer.Producer.Layers[consumer.TargetLayer]);
                }
            }
        }
    }

    /// <summary>The receiver's video consumers in allocation order: on stage, recent speakers, then the rest.</summary>
    private static List<Consumer> OrderedVideoConsumers(Endpoint receiver)
    {
        var all = new List<Consumer>();
        foreach (var slot in receiver.SubscribeSlots)
        {
            if (slot.Consumer is { Producer.Kind: MediaKind.Video } consumer)
            {
                all.Add(consumer);
            }
        }

        var onStage = receiver.Constraints.OnStage;
        var speakers = receiver.Conference.Speakers.RecentSpeakers;
        return all
            .OrderBy(c => onStage.Contains(c.Producer.Owner.Id) ? 0 : 1)
            .ThenBy(c => speakers.IndexOf(c.Producer.Owner) is var rank and >= 0 ? rank : int.MaxValue)
            .ToList();
    }

    /// <summary>Tells a simulcast sender the largest height anyone wants from it, when that changed.</summary>
    private void UpdateSenderConstraints(Producer producer)
    {
        if (producer.Kind != MediaKind.Video || producer.Layers.TrueForAll(l => l.Rid is null) ||
            (producer.LastSenderMaxHeight < 0 && producer.Consumers.Count == 0))
        {
            // Only simulcast senders adapt; a sender nobody has subscribed to yet keeps its defaults.
            return;
        }

        var maxHeight = 0;
        foreach (var consumer in producer.Consumers)
        {
            if (consumer.Negotiated && consumer.DesiredLayer >= 0)
            {
                maxHeight = Math.Max(maxHeight, producer.Layers[consumer.DesiredLayer].Height);
            }
        }

        if (maxHeight != producer.LastSenderMaxHeight)
        {
            producer.LastSenderMaxHeight = maxHeight;
            _events.OnBridgeEvent(_bridgeId, new SenderConstraintsEvent(producer.Owner.Conference.Id, producer.Owner.Id, maxHeight) { Generation = producer.Owner.Conference.Generation });
        }
    }
}
