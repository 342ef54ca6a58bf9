namespace ScaleMeet.Contracts.Control;

/// <summary>
/// What one receiver wants to see, as the bridge's layer allocation reads it: the last-N limit (−1 = everyone), the
/// sources on its stage, the height it wants from any other source, and per-source heights that override it.
/// The control contract's own copy of the browser's <c>receiverConstraints</c>: the two protocols change apart.
/// </summary>
public sealed record ReceiverVideoConstraints(int LastN, IReadOnlyList<string> OnStage, int DefaultMaxHeight, IReadOnlyDictionary<string, int> MaxHeights)
{
    /// <summary>Before a receiver said anything: everyone, nobody on stage, thumbnails (180).</summary>
    public static readonly ReceiverVideoConstraints Default = new(-1, [], 180, new Dictionary<string, int>());
}
