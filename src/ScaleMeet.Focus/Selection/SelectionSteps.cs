namespace ScaleMeet.Focus.Selection;

/// <summary>
/// The predicates and chain steps Jicofo's strategies are built from (Jicofo's <c>BridgeSelectionStrategy</c>), one
/// method per step, same names. Every step scans candidates already ordered least loaded first, so "the first that
/// matches" is "the least loaded that matches". Allocation-free: index loops over the lists, no LINQ, no lambdas.
/// </summary>
/// <remarks>
/// A desired region of null matches nothing (Jicofo: <c>desiredRegion != null &amp;&amp; it.region == desiredRegion</c>);
/// callers pass null for a participant whose region is unknown. An empty string is a real value: the region of the
/// bridges that named none (used only by <see cref="IntraRegionBridgeSelectionStrategy"/>, see there).
/// </remarks>
internal static class SelectionSteps
{
    /// <summary>
    /// Jicofo's <c>Bridge.isOverloaded</c>: corrected stress at or above the threshold. A stress that is not a number
    /// counts as overloaded (Jicofo would count it as not overloaded; a bridge reporting garbage gets nothing new).
    /// </summary>
    internal static bool IsOverloaded(BridgeCandidate bridge, SelectionOptions options) =>
        !(bridge.CorrectedStress < options.OverloadThreshold);

    /// <summary>
    /// Jicofo's <c>hasMaxParticipantsInConference</c>: the bridge already holds
    /// <see cref="SelectionOptions.MaxParticipantsPerBridgeInConference"/> of this conference's participants
    /// (never when the limit is -1, none).
    /// </summary>
    internal static bool IsMaxedInConference(BridgeCandidate bridge, SelectionRequest request, SelectionOptions options) =>
        options.MaxParticipantsPerBridgeInConference > 0
        && request.ConferenceBridges.TryGetValue(bridge.Id, out var count)
        && count >= options.MaxParticipantsPerBridgeInConference;

    /// <summary>
    /// Jicofo's private <c>Bridge.isOverloaded(conferenceBridges)</c>: overloaded, or maxed for this conference.
    /// Jicofo also counts a bridge to which this conference added max-bridge-participants-per-interval endpoints
    /// recently; we have no such per-conference rate limit (the corrected stress covers bursts, pool-wide).
    /// </summary>
    internal static bool IsOverloadedForConference(BridgeCandidate bridge, SelectionRequest request, SelectionOptions options) =>
        IsOverloaded(bridge, options) || IsMaxedInConference(bridge, request, options);

    /// <summary>The conference already has this bridge (Jicofo: <c>conferenceBridges.containsKey</c>).</summary>
    internal static bool IsInConference(BridgeCandidate bridge, SelectionRequest request) =>
        request.ConferenceBridges.ContainsKey(bridge.Id);

    /// <summary>The bridge is in <paramref name="region"/> (ordinal; null matches nothing).</summary>
    internal static bool IsInRegion(BridgeCandidate bridge, string? region) =>
        region is not null && string.Equals(bridge.Region, region, StringComparison.Ordinal);

    /// <summary>
    /// The bridge's region is in <paramref name="region"/>'s group of <see cref="SelectionOptions.RegionGroups"/>
    /// (Jicofo's <c>getRegionGroup</c>: a region listed in no group is a group of its own; null matches nothing).
    /// </summary>
    internal static bool IsInRegionGroup(BridgeCandidate bridge, string? region, SelectionOptions options)
    {
        if (region is null)
        {
            return false;
        }

        var group = RegionGroupOf(region, options);
        return group is null ? IsInRegion(bridge, region) : Contains(group, bridge.Region);
    }

    /// <summary>The entry of <see cref="SelectionOptions.RegionGroups"/> listing <paramref name="region"/>, or null.</summary>
    internal static IList<string>? RegionGroupOf(string region, SelectionOptions options)
    {
        var groups = options.RegionGroups;
        for (var i = 0; i < groups.Count; i++)
        {
            if (Contains(groups[i], region))
            {
                return groups[i];
            }
        }

        return null;
    }

    /// <summary>The participant's region as the steps take it: null when unknown ("").</summary>
    internal static string? ParticipantRegion(SelectionRequest request) =>
        request.ParticipantRegion.Length == 0 ? null : request.ParticipantRegion;

    /// <summary>
    /// The conference's main bridge among <paramref name="bridges"/>: the one of the conference holding most of its
    /// participants, ties to the less loaded, then the lower id (so the answer does not depend on the list's order);
    /// null when none of the conference's bridges is in the list.
    /// Jicofo uses the first of the conference's bridges (its map is insertion-ordered); our map has no order, so the
    /// bridge where most of the conference is stands in for it.
    /// </summary>
    internal static BridgeCandidate? HomeBridge(IReadOnlyList<BridgeCandidate> bridges, SelectionRequest request)
    {
        BridgeCandidate? home = null;
        var most = -1;
        for (var i = 0; i < bridges.Count; i++)
        {
            if (request.ConferenceBridges.TryGetValue(bridges[i].Id, out var count)
                && (count > most || (count == most && BridgeSelector.Compare(bridges[i], home!) < 0)))
            {
                home = bridges[i];
                most = count;
            }
        }

        return home;
    }

    /// <summary>Least loaded bridge of the conference in the region that is not overloaded for this conference.</summary>
    internal static BridgeCandidate? NotLoadedAlreadyInConferenceInRegion(
        IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options, string? region)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var b = candidates[i];
            if (IsInConference(b, request) && IsInRegion(b, region) && !IsOverloadedForConference(b, request, options))
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>Least loaded bridge of the conference in the region's group that is not overloaded for this conference.</summary>
    internal static BridgeCandidate? NotLoadedAlreadyInConferenceInRegionGroup(
        IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options, string? region)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var b = candidates[i];
            if (IsInConference(b, request) && IsInRegionGroup(b, region, options) && !IsOverloadedForConference(b, request, options))
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>Least loaded bridge in the region that is not overloaded for this conference (in it or not).</summary>
    internal static BridgeCandidate? NotLoadedInRegion(
        IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options, string? region)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var b = candidates[i];
            if (IsInRegion(b, region) && !IsOverloadedForConference(b, request, options))
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>Least loaded bridge in the region's group that is not overloaded for this conference.</summary>
    internal static BridgeCandidate? NotLoadedInRegionGroup(
        IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options, string? region)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var b = candidates[i];
            if (IsInRegionGroup(b, region, options) && !IsOverloadedForConference(b, request, options))
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>Least loaded bridge of the conference, any region, that is not overloaded for this conference.</summary>
    internal static BridgeCandidate? NotLoadedAlreadyInConference(
        IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var b = candidates[i];
            if (IsInConference(b, request) && !IsOverloadedForConference(b, request, options))
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>
    /// Least loaded bridge that is not overloaded. As in Jicofo this looks at the bridge's own overload only
    /// (<c>!it.isOverloaded</c>), not at the per-conference maximum: a conference bridge that is maxed but lightly
    /// loaded can be chosen here. Followed deliberately, to keep Jicofo's chain as it is.
    /// </summary>
    internal static BridgeCandidate? NotLoaded(IReadOnlyList<BridgeCandidate> candidates, SelectionOptions options)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!IsOverloaded(candidates[i], options))
            {
                return candidates[i];
            }
        }

        return null;
    }

    /// <summary>Least loaded bridge of the conference that is not maxed for it, overloaded or not.</summary>
    internal static BridgeCandidate? LeastLoadedNotMaxedAlreadyInConference(
        IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var b = candidates[i];
            if (IsInConference(b, request) && !IsMaxedInConference(b, request, options))
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>Least loaded bridge of the conference in the region, overloaded or maxed or not.</summary>
    internal static BridgeCandidate? LeastLoadedAlreadyInConferenceInRegion(
        IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, string? region)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var b = candidates[i];
            if (IsInConference(b, request) && IsInRegion(b, region))
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>Least loaded bridge in the region, overloaded or not.</summary>
    internal static BridgeCandidate? LeastLoadedInRegion(IReadOnlyList<BridgeCandidate> candidates, string? region)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (IsInRegion(candidates[i], region))
            {
                return candidates[i];
            }
        }

        return null;
    }

    /// <summary>The least loaded bridge, whatever its state of load; null only for an empty list.</summary>
    internal static BridgeCandidate? LeastLoaded(IReadOnlyList<BridgeCandidate> candidates) =>
        candidates.Count > 0 ? candidates[0] : null;

    private static bool Contains(IList<string> group, string region)
    {
        for (var i = 0; i < group.Count; i++)
        {
            if (string.Equals(group[i], region, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
