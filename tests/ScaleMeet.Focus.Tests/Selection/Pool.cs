using ScaleMeet.Focus.Bridges;
using ScaleMeet.Focus.Selection;

namespace ScaleMeet.Focus.Tests.Selection;

/// <summary>Builders for the selection tables: bridges, requests and options with short defaults.</summary>
internal static class Pool
{
    /// <summary>[["us-east","us-west"],["eu-central","eu-west"]]; "ap-south" and "ap-east" are in no group.</summary>
    public static SelectionOptions Options(string strategy = "RegionBased") => new()
    {
        Strategy = strategy,
        RegionGroups = { new List<string> { "us-east", "us-west" }, new List<string> { "eu-central", "eu-west" } },
    };

    public static BridgeCandidate Candidate(
        string id,
        string region = "",
        double stress = 0.1,
        BridgeState state = BridgeState.Active,
        string version = "1.0.0",
        int recentlyPlaced = 0,
        double averageParticipantStress = 0.01) =>
        new(id, region, version, state, stress, Participants: 0, recentlyPlaced, averageParticipantStress);

    /// <summary>A participant of conference "c1" in <paramref name="region"/>; <paramref name="conference"/> = bridge id → its participants.</summary>
    public static SelectionRequest Request(string region = "", params (string Id, int Count)[] conference) =>
        new("c1", region, conference.ToDictionary(c => c.Id, c => c.Count, StringComparer.Ordinal));

    /// <summary>The bridges as <see cref="BridgeSelector"/> hands them to a strategy: least corrected stress first, then id.</summary>
    public static IReadOnlyList<BridgeCandidate> Ordered(params BridgeCandidate[] bridges)
    {
        var sorted = bridges.ToList();
        sorted.Sort(BridgeSelector.Compare);
        return sorted;
    }
}
