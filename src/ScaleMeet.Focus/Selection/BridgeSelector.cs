using ScaleMeet.Focus.Bridges;

namespace ScaleMeet.Focus.Selection;

/// <summary>
/// The entry point the focus calls to place a participant: filters and orders a registry snapshot the way Jicofo's
/// <c>BridgeSelector.selectBridge</c> does, then asks the configured strategy. Called under the focus lock: no I/O, no
/// locks of its own, one list allocated per call. Immutable after construction, so safe from any thread.
/// </summary>
/// <remarks>
/// Before the strategy, in this order (Jicofo's order):
/// <list type="number">
/// <item>Operational only: Active or Draining; never Connecting, ShuttingDown or Lost (Jicofo drops non-operational
/// and SHUTTING_DOWN bridges).</item>
/// <item>Version pinning: when the conference already has a bridge in the snapshot, only bridges of the same major
/// version as its main bridge (<see cref="SelectionSteps.HomeBridge"/>) stay. Jicofo pins the exact full version
/// (version and release id) of the conference's first bridge, unless allow-mixed-versions; we pin the major version
/// (the part before the first '.'), so patch releases mix. A main bridge that reported no version pins nothing
/// (Jicofo likewise). With nothing left, null: Jicofo does not fall back to another version either.</item>
/// <item>Prefer non-draining: if any Active bridge remains, the Draining ones go (Jicofo's "prefer active bridges";
/// its further "prefer not in graceful shutdown" has no counterpart: our ShuttingDown bridges are already gone). This
/// comes after the version pin, as in Jicofo, so a conference whose version only draining bridges still run gets
/// one. Exception, for Single only: a conference's own draining bridge stays, so the conference stays whole (Jicofo's
/// Single keeps an operational conference bridge, and a draining one is).</item>
/// <item>Order: corrected stress ascending (a NaN stress last), then id ordinal. Jicofo sorts by stress too, but leaves
/// ties in its map's order; the id makes every strategy deterministic.</item>
/// </list>
/// </remarks>
public sealed class BridgeSelector
{
    private readonly SelectionOptions _options;
    private readonly IBridgeSelectionStrategy _strategy;
    private readonly bool _keepsConferenceOnItsBridge;

    /// <summary>Validates <paramref name="options"/> (copied: later changes have no effect) and picks the strategy by name.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message is <see cref="SelectionOptions.Validate"/>'s.</exception>
    public BridgeSelector(SelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        _options = Copy(options);
        _strategy = SelectionStrategies.Find(options.Strategy)!;
        _keepsConferenceOnItsBridge = _strategy is SingleBridgeSelectionStrategy;
    }

    /// <summary>The strategy's canonical name ("RegionBased" for a configured "regionbased").</summary>
    public string StrategyName => _strategy.Name;

    /// <summary>
    /// Picks the bridge for <paramref name="request"/>'s participant among <paramref name="bridges"/> (a snapshot in
    /// any order, any states; not modified), or returns null when none fits.
    /// </summary>
    public BridgeCandidate? Select(IReadOnlyList<BridgeCandidate> bridges, SelectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(bridges);
        ArgumentNullException.ThrowIfNull(request);

        var pinned = request.ConferenceBridges.Count == 0 ? null : SelectionSteps.HomeBridge(bridges, request)?.Version;
        if (pinned is { Length: 0 })
        {
            pinned = null;
        }

        var candidates = new List<BridgeCandidate>(bridges.Count);
        var anyActive = false;
        for (var i = 0; i < bridges.Count; i++)
        {
            var b = bridges[i];
            if (b.State is not (BridgeState.Active or BridgeState.Draining)
                || (pinned is not null && !SameMajorVersion(b.Version, pinned)))
            {
                continue;
            }

            candidates.Add(b);
            anyActive |= b.State == BridgeState.Active;
        }

        if (anyActive)
        {
            DropDraining(candidates, request);
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        candidates.Sort(Compare);
        return _strategy.Select(candidates, request, _options);
    }

    /// <summary>The major version: the part of <paramref name="version"/> before the first '.' (all of it without one).</summary>
    internal static ReadOnlySpan<char> MajorVersion(string version)
    {
        var dot = version.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? version : version.AsSpan(0, dot);
    }

    internal static bool SameMajorVersion(string a, string b) => MajorVersion(a).SequenceEqual(MajorVersion(b));

    /// <summary>The candidate order: corrected stress ascending (NaN last), then id ordinal.</summary>
    internal static int Compare(BridgeCandidate x, BridgeCandidate y)
    {
        var byStress = OrderingStress(x).CompareTo(OrderingStress(y));
        return byStress != 0 ? byStress : string.CompareOrdinal(x.Id, y.Id);
    }

    private static double OrderingStress(BridgeCandidate b) =>
        double.IsNaN(b.CorrectedStress) ? double.PositiveInfinity : b.CorrectedStress;

    private void DropDraining(List<BridgeCandidate> candidates, SelectionRequest request)
    {
        var kept = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var b = candidates[i];
            if (b.State != BridgeState.Draining
                || (_keepsConferenceOnItsBridge && SelectionSteps.IsInConference(b, request)))
            {
                candidates[kept++] = b;
            }
        }

        candidates.RemoveRange(kept, candidates.Count - kept);
    }

    private static SelectionOptions Copy(SelectionOptions options)
    {
        var groups = new List<IList<string>>(options.RegionGroups.Count);
        foreach (var group in options.RegionGroups)
        {
            groups.Add(group.ToArray());
        }

        return new SelectionOptions
        {
            Strategy = options.Strategy,
            OverloadThreshold = options.OverloadThreshold,
            ParticipantRampUpInterval = options.ParticipantRampUpInterval,
            MaxParticipantsPerBridgeInConference = options.MaxParticipantsPerBridgeInConference,
            RegionGroups = groups,
        };
    }
}
