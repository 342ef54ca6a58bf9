namespace ScaleMeet.Focus.Selection;

/// <summary>The strategy names <see cref="SelectionOptions.Strategy"/> accepts (case-insensitive) and their instances.</summary>
internal static class SelectionStrategies
{
    public const string Single = "Single";
    public const string Split = "Split";
    public const string RegionBased = "RegionBased";
    public const string IntraRegion = "IntraRegion";

    /// <summary>Every valid name, in the order error messages list them.</summary>
    public static readonly IReadOnlyList<string> Names = [Single, Split, RegionBased, IntraRegion];

    /// <summary>The strategy named <paramref name="name"/> (any case), or null for an unknown name.</summary>
    public static IBridgeSelectionStrategy? Find(string? name) =>
        name switch
        {
            _ when Is(name, Single) => SingleBridgeSelectionStrategy.Instance,
            _ when Is(name, Split) => SplitBridgeSelectionStrategy.Instance,
            _ when Is(name, RegionBased) => RegionBasedBridgeSelectionStrategy.Instance,
            _ when Is(name, IntraRegion) => IntraRegionBridgeSelectionStrategy.Instance,
            _ => null,
        };

    private static bool Is(string? name, string expected) =>
        string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);
}
