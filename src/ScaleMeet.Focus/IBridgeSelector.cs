using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Focus;

/// <summary>
/// Picks the bridge a new conference goes to. The seam for the Jitsi strategies (split, region-based,
/// intra-region) once several bridges register; called under the focus lock, so it must be quick and must not block.
/// </summary>
internal interface IBridgeSelector
{
    /// <summary>Returns the bridge for <paramref name="conferenceId"/>, or null when none can take it.</summary>
    IBridgeControl? Select(string conferenceId, IReadOnlyList<IBridgeControl> bridges);
}

/// <summary>Every conference on the first registered bridge (the all-in-one process has exactly one).</summary>
internal sealed class SingleBridgeSelector : IBridgeSelector
{
    public static readonly SingleBridgeSelector Instance = new();

    public IBridgeControl? Select(string conferenceId, IReadOnlyList<IBridgeControl> bridges) =>
        bridges.Count > 0 ? bridges[0] : null;
}
