namespace ScaleMeet.Focus.Selection;

/// <summary>
/// "Single" (the default): Jicofo's <c>SingleBridgeSelectionStrategy</c>, every participant of a conference on one
/// bridge. A conference whose bridge is still a candidate stays there, however loaded (no overload or per-conference
/// maximum check, as in Jicofo). The first participant goes to the least loaded bridge in its region
/// (LeastLoadedInRegion, overloaded or not), else to the least loaded anywhere (LeastLoaded) — Jicofo does exactly
/// this too (its <c>doSelect</c> for an empty conference), so the region preference is Jicofo's, not an addition.
/// </summary>
/// <remarks>
/// Differences from Jicofo, deliberate:
/// <list type="bullet">
/// <item>When the conference's bridge is no longer a candidate (lost, shutting down), Jicofo returns null and logs
/// "the conference already has a bridge, but it is not operational" (and, with Octo off, its base class even returns
/// that bridge unchecked); a conference on a failed bridge is moved there by re-inviting everyone after the bridge is
/// removed from the conference. Here the participant is placed as a first participant would be, so a re-invite that
/// arrives before the focus has dropped the old bridge still lands; the focus moves the rest of the conference.</item>
/// <item>With more than one bridge in the conference (not expected under this strategy) Jicofo returns null; here the
/// conference's main bridge (<see cref="SelectionSteps.HomeBridge"/>) is kept.</item>
/// <item>A conference on a draining bridge stays there, because <see cref="BridgeSelector"/> keeps a conference's own
/// draining bridges as candidates for this strategy (Jicofo returns the bridge while it is operational, and a
/// draining bridge is); without that the conference would be split over bridges that do not relay.</item>
/// </list>
/// </remarks>
internal sealed class SingleBridgeSelectionStrategy : IBridgeSelectionStrategy
{
    public static readonly SingleBridgeSelectionStrategy Instance = new();

    public string Name => SelectionStrategies.Single;

    public BridgeCandidate? Select(IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options)
    {
        if (request.ConferenceBridges.Count > 0 && SelectionSteps.HomeBridge(candidates, request) is { } home)
        {
            return home;
        }

        return SelectionSteps.LeastLoadedInRegion(candidates, SelectionSteps.ParticipantRegion(request))
            ?? SelectionSteps.LeastLoaded(candidates);
    }
}
