namespace ScaleMeet.Bridge.Allocation;

/// <summary>One encoding of a source as the allocator sees it.</summary>
internal readonly record struct LayerInfo(int Height, long Bitrate, bool Active);

/// <summary>One video source for one receiver: its encodings (lowest first), the height the receiver wants, stage or not.</summary>
internal sealed record AllocationSource(IReadOnlyList<LayerInfo> Layers, int MaxHeight, bool OnStage);

/// <summary>
/// The outcome for one source: <see cref="Desired"/> is what the receiver's constraints ask for (−1: nothing),
/// <see cref="Target"/> what it gets now given what flows and the bandwidth (−1: paused).
/// </summary>
internal readonly record struct LayerChoice(int Desired, int Target);

/// <summary>
/// Chooses, for one receiver, the layer of every video source (Jitsi's allocation, docs/allocation.md):
/// sources come ordered (on stage, then recent speakers, then the rest) and are cut at last-N; every kept
/// source first gets its lowest flowing layer, then on-stage sources climb to their wanted height, then the
/// others climb one step at a time, each step only while the bandwidth estimate allows. Whether a kept source whose
/// lowest layer does not fit the estimate pauses is the caller's choice (<c>allowPause</c>). Pure function.
/// </summary>
internal static class LayerAllocator
{
    /// <summary>Bitrate assumed for a layer not yet measured, by height.</summary>
    public static long NominalBitrate(int height) => height switch
    {
        <= 180 => 150_000,
        <= 360 => 500_000,
        _ => 1_500_000,
    };

    /// <param name="allowPause">
    /// True: a kept source whose lowest layer does not fit what is left of the estimate gets nothing (Jitsi); the first
    /// source always gets its lowest layer. False: every kept source gets its lowest layer, over the estimate if need
    /// be (LiveKit's default), and the estimate decides only the climbs.
    /// </param>
    public static LayerChoice[] Allocate(IReadOnlyList<AllocationSource> sources, int lastN, long availableBitrate, bool allowPause = true)
    {
        var count = sources.Count;
        var desired = new int[count];
        var target = new int[count];
        Array.Fill(target, -1);
        for (var i = 0; i < count; i++)
        {
            desired[i] = lastN >= 0 && i >= lastN ? -1 : DesiredLayer(sources[i]);
        }

        var budget = availableBitrate;
        var first = true;
        for (var i = 0; i < count; i++)
        {
            if (desired[i] < 0)
            {
                continue;
            }

            var lowest = LowestFlowing(sources[i].Layers);
            var cost = Rate(sources[i].Layers[lowest]);
            if (first || !allowPause || cost <= budget)
            {
                // The first source always gets something, even over the estimate: a receiver sees at least one video.
                target[i] = lowest;
                budget -= cost;
                first = false;
            }
        }

        for (var i = 0; i < count; i++)
        {
            if (sources[i].OnStage)
            {
                while (TryRaise(sources[i], desired[i], ref target[i], ref budget))
                {
                }
            }
        }

        bool raised;
        do
        {
            raised = false;
            for (var i = 0; i < count; i++)
            {
                if (!sources[i].OnStage && TryRaise(sources[i], desired[i], ref target[i], ref budget))
                {
                    raised = true;
                }
            }
        }
        while (raised);

        var result = new LayerChoice[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = new LayerChoice(desired[i], target[i]);
        }

        return result;
    }

    /// <summary>
    /// True when a flowing layer above the target and up to the desired one was left out: bandwidth held it back. A
    /// paused source that is wanted (target −1, desired 0 or more) counts too, so the bridge probes for it.
    /// </summary>
    public static bool HeldBack(AllocationSource source, LayerChoice choice)
    {
        if (choice.Desired < 0 || choice.Desired <= choice.Target)
        {
            return false;
        }

        for (var l = choice.Target + 1; l <= choice.Desired && l < source.Layers.Count; l++)
        {
            if (source.Layers[l].Active)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The highest layer not taller than the wanted height (the lowest when all are taller); −1 when no video is wanted.</summary>
    public static int DesiredLayer(AllocationSource source)
    {
        if (source.MaxHeight <= 0 || source.Layers.Count == 0)
        {
            return -1;
        }

        var best = 0;
        for (var l = 0; l < source.Layers.Count; l++)
        {
            if (source.Layers[l].Height <= source.MaxHeight)
            {
                best = l;
            }
        }

        return best;
    }

    /// <summary>
    /// The lowest flowing layer. When nothing flows yet (a sender that just joined, or one that sends only when
    /// asked), the lowest layer: the receiver then asks for its keyframe and starts with its first packets.
    /// </summary>
    private static int LowestFlowing(IReadOnlyList<LayerInfo> layers)
    {
        for (var l = 0; l < layers.Count; l++)
        {
            if (layers[l].Active)
            {
                return l;
            }
        }

        return 0;
    }

    /// <summary>Moves <paramref name="target"/> to the next flowing layer up to <paramref name="desired"/> if the budget allows.</summary>
    private static bool TryRaise(AllocationSource source, int desired, ref int target, ref long budget)
    {
        if (target < 0)
        {
            return false;
        }

        for (var l = target + 1; l <= desired && l < source.Layers.Count; l++)
        {
            if (!source.Layers[l].Active)
            {
                continue;
            }

            var extra = Rate(source.Layers[l]) - Rate(source.Layers[target]);
            if (extra > budget)
            {
                return false;
            }

            budget -= extra;
            target = l;
            return true;
        }

        return false;
    }

    private static long Rate(LayerInfo layer) => layer.Bitrate > 0 ? layer.Bitrate : NominalBitrate(layer.Height);
}
