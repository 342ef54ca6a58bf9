namespace ScaleMeet.Focus.Selection;

/// <summary>
/// "Split" (for testing cascades): Jicofo's <c>SplitBridgeSelectionStrategy</c>, a conference spread over as many
/// bridges as possible. The least loaded candidate not yet in the conference; when every candidate is in it, the
/// candidate holding the fewest of the conference's participants. Load, overload and the per-conference maximum are
/// ignored, as in Jicofo. Jicofo breaks ties among the fewest in its map's order; here the less loaded, then the lower
/// id wins. Jicofo force-enables Octo for this strategy: it only makes sense where bridges relay to each other.
/// </summary>
internal sealed class SplitBridgeSelectionStrategy : IBridgeSelectionStrategy
{
    public static readonly SplitBridgeSelectionStrategy Instance = new();

    public string Name => SelectionStrategies.Split;

    public BridgeCandidate? Select(IReadOnlyList<BridgeCandidate> candidates, SelectionRequest request, SelectionOptions options)
    {
        BridgeCandidate? fewest = null;
        var fewestCount = int.MaxValue;
        for (var i = 0; i < candidates.Count; i++)
        {
            var b = candidates[i];
            if (!request.ConferenceBridges.TryGetValue(b.Id, out var count))
            {
                return b;
            }

            if (count < fewestCount)
            {
                fewest = b;
                fewestCount = count;
            }
        }

        return fewest;
    }
}
