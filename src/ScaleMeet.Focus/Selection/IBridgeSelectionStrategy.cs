namespace ScaleMeet.Focus.Selection;

/// <summary>
/// One of Jicofo's bridge selection strategies (Jicofo's <c>BridgeSelectionStrategy.doSelect</c>). Implementations are
/// pure and stateless: the answer depends only on the arguments, so they are safe from any thread.
/// </summary>
public interface IBridgeSelectionStrategy
{
    /// <summary>The name configured in <see cref="SelectionOptions.Strategy"/>, e.g. "RegionBased".</summary>
    string Name { get; }

    /// <summary>
    /// Picks the bridge for <paramref name="request"/>'s participant, or returns null when none fits.
    /// <paramref name="candidates"/> are already filtered and ordered by <see cref="BridgeSelector"/>: operational,
    /// version-pinned, non-draining preferred, least corrected stress first with ties broken by id.
    /// </summary>
    BridgeCandidate? Select(IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options);
}
