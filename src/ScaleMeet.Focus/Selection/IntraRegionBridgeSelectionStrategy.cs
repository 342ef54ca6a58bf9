namespace ScaleMeet.Focus.Selection;

/// <summary>
/// "IntraRegion": Jicofo's <c>IntraRegionBridgeSelectionStrategy</c>, a conference kept in one region but spread over
/// several bridges of it for load.
/// <para>
/// First participant (the conference has no bridge): NotLoadedInRegion (the participant's region), else LeastLoaded
/// anywhere. Later participants, with the conference's region = the region of its main bridge
/// (<see cref="SelectionSteps.HomeBridge"/>): NotLoadedAlreadyInConferenceInRegion, else NotLoadedInRegion (spill to
/// another bridge of that region), else LeastLoadedAlreadyInConferenceInRegion (stay on the conference's bridge in
/// that region even when overloaded or maxed). As in Jicofo, once the conference has a region it never goes to
/// another region, whatever the participant's region and however loaded that region is.
/// </para>
/// </summary>
/// <remarks>
/// Differences from Jicofo, deliberate:
/// <list type="bullet">
/// <item>The conference's region is the region of the bridge holding most of its participants; Jicofo takes the
/// conference's first bridge.</item>
/// <item>When none of the conference's bridges is a candidate any more (lost, shutting down, or draining while others
/// are not), the strategy cannot see their region and selects as for a first participant. Jicofo still knows the
/// region of a draining bridge and returns null when nothing in that region fits.</item>
/// <item>When the conference's bridges named no region, "no region" is the conference's region (bridges that named
/// none are spilled to). In Jicofo a null region matches nothing, so it returns null for every later participant.</item>
/// <item>Like <see cref="RegionBasedBridgeSelectionStrategy"/>, it spreads a conference over bridges regardless of
/// relays (Jicofo: only with Octo enabled and relays advertised).</item>
/// </list>
/// </remarks>
internal sealed class IntraRegionBridgeSelectionStrategy : IBridgeSelectionStrategy
{
    public static readonly IntraRegionBridgeSelectionStrategy Instance = new();

    /// <summary>The chain for a conference's first participant; the region is the participant's.</summary>
    internal static readonly SelectionStep[] InitialChain =
    [
        new(nameof(SelectionSteps.NotLoadedInRegion), SelectionSteps.NotLoadedInRegion),
        new(nameof(SelectionSteps.LeastLoaded), static (c, _, _, _) => SelectionSteps.LeastLoaded(c)),
    ];

    /// <summary>The chain for later participants; the region is the conference's.</summary>
    internal static readonly SelectionStep[] ConferenceChain =
    [
        new(nameof(SelectionSteps.NotLoadedAlreadyInConferenceInRegion), SelectionSteps.NotLoadedAlreadyInConferenceInRegion),
        new(nameof(SelectionSteps.NotLoadedInRegion), SelectionSteps.NotLoadedInRegion),
        new(nameof(SelectionSteps.LeastLoadedAlreadyInConferenceInRegion), static (c, r, _, region) => SelectionSteps.LeastLoadedAlreadyInConferenceInRegion(c, r, region)),
    ];

    public string Name => SelectionStrategies.IntraRegion;

    public BridgeCandidate? Select(IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options) =>
        Decide(candidates, request, options).Bridge;

    /// <summary>The chosen bridge and the name of the step that chose it (both null when none fits).</summary>
    internal static (BridgeCandidate? Bridge, string? Step) Decide(
        IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options)
    {
        var home = request.ConferenceBridges.Count == 0 ? null : SelectionSteps.HomeBridge(candidates, request);
        var (chain, region) = home is null
            ? (InitialChain, SelectionSteps.ParticipantRegion(request))
            : (ConferenceChain, home.Region);
        foreach (var step in chain)
        {
            if (step.Find(candidates, request, options, region) is { } bridge)
            {
                return (bridge, step.Name);
            }
        }

        return (null, null);
    }
}
