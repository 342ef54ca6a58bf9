namespace ScaleMeet.Focus.Selection;

/// <summary>
/// "RegionBased": Jicofo's <c>RegionBasedBridgeSelectionStrategy</c>, a conference spread over bridges near its
/// participants. The chain, in Jicofo's order, the first step that finds a bridge deciding (each a method of
/// <see cref="SelectionSteps"/>; "not loaded" = not overloaded and not maxed for this conference, except in
/// <c>NotLoaded</c>, which as in Jicofo looks at the bridge's own overload only):
/// <list type="number">
/// <item>NotLoadedAlreadyInConferenceInRegion</item>
/// <item>NotLoadedAlreadyInConferenceInRegionGroup</item>
/// <item>NotLoadedInRegion</item>
/// <item>NotLoadedInRegionGroup</item>
/// <item>NotLoadedAlreadyInConference</item>
/// <item>NotLoaded</item>
/// <item>LeastLoadedNotMaxedAlreadyInConference</item>
/// <item>LeastLoaded</item>
/// </list>
/// For the first participant the conference has no bridges, so steps 1, 2, 5 and 7 find nothing and the chain reduces
/// to region, region group, any not loaded, least loaded — as in Jicofo, which has no separate first-participant path
/// here. A participant of unknown region skips steps 1–4.
/// </summary>
/// <remarks>
/// Differences from Jicofo, deliberate: Jicofo's <c>local-region</c> (the region of the Jicofo instance, used for a
/// participant without region, preferred for a first participant of the same group, and used when the participant's
/// group has no bridges) does not exist here, since the focus has no region of its own; with it unset Jicofo runs
/// exactly this chain. Jicofo runs the chain for a conference's later participants only when Octo is enabled and the
/// existing bridge advertises a relay; otherwise it keeps the conference on its first bridge. This strategy always
/// runs the chain: configure it only where bridges relay to each other.
/// </remarks>
internal sealed class RegionBasedBridgeSelectionStrategy : IBridgeSelectionStrategy
{
    public static readonly RegionBasedBridgeSelectionStrategy Instance = new();

    /// <summary>The chain in order (exposed so tests can tell which step decided).</summary>
    internal static readonly SelectionStep[] Chain =
    [
        new(nameof(SelectionSteps.NotLoadedAlreadyInConferenceInRegion), SelectionSteps.NotLoadedAlreadyInConferenceInRegion),
        new(nameof(SelectionSteps.NotLoadedAlreadyInConferenceInRegionGroup), SelectionSteps.NotLoadedAlreadyInConferenceInRegionGroup),
        new(nameof(SelectionSteps.NotLoadedInRegion), SelectionSteps.NotLoadedInRegion),
        new(nameof(SelectionSteps.NotLoadedInRegionGroup), SelectionSteps.NotLoadedInRegionGroup),
        new(nameof(SelectionSteps.NotLoadedAlreadyInConference), static (c, r, o, _) => SelectionSteps.NotLoadedAlreadyInConference(c, r, o)),
        new(nameof(SelectionSteps.NotLoaded), static (c, _, o, _) => SelectionSteps.NotLoaded(c, o)),
        new(nameof(SelectionSteps.LeastLoadedNotMaxedAlreadyInConference), static (c, r, o, _) => SelectionSteps.LeastLoadedNotMaxedAlreadyInConference(c, r, o)),
        new(nameof(SelectionSteps.LeastLoaded), static (c, _, _, _) => SelectionSteps.LeastLoaded(c)),
    ];

    public string Name => SelectionStrategies.RegionBased;

    public BridgeCandidate? Select(IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options) =>
        Decide(candidates, request, options).Bridge;

    /// <summary>The chosen bridge and the name of the step that chose it (both null when there are no candidates).</summary>
    internal static (BridgeCandidate? Bridge, string? Step) Decide(
        IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options)
    {
        var region = SelectionSteps.ParticipantRegion(request);
        foreach (var step in Chain)
        {
            if (step.Find(candidates, request, options, region) is { } bridge)
            {
                return (bridge, step.Name);
            }
        }

        return (null, null);
    }
}
