using ScaleMeet.Focus.Bridges;
using ScaleMeet.Focus.Selection;
using static ScaleMeet.Focus.Tests.Selection.Pool;

namespace ScaleMeet.Focus.Tests.Selection;

/// <summary>Jicofo's single-bridge strategy: the first participant picks (region first), the conference stays.</summary>
public sealed class SingleBridgeSelectionStrategyTests
{
    private static readonly Dictionary<string, ChainCase> Cases = new(StringComparer.Ordinal)
    {
        // Jicofo's leastLoadedInRegion ignores overload: the region wins over a lighter bridge elsewhere.
        ["First_InRegionOverloaded_RegionStillPreferred"] = new(
            [Candidate("A", "us-east", 0.9), Candidate("E", "eu-central", 0.1)], Request("us-east"), "A", null),
        ["First_SeveralInRegion_LeastLoadedOfRegion"] = new(
            [Candidate("A1", "us-east", 0.5), Candidate("A2", "us-east", 0.3), Candidate("E", "eu-central", 0.1)], Request("us-east"), "A2", null),
        ["First_NoBridgeInRegion_LeastLoadedAnywhere"] = new(
            [Candidate("A", "us-east", 0.5), Candidate("E", "eu-central", 0.1)], Request("ap-south"), "E", null),
        ["First_UnknownRegion_LeastLoadedAnywhere"] = new(
            [Candidate("U", "", 0.5), Candidate("E", "eu-central", 0.1)], Request(""), "E", null),
        // Jicofo: the conference's bridge, however loaded or full.
        ["Conference_BridgeOverloadedAndMaxed_Stays"] = new(
            [Candidate("A", "us-east", 0.95), Candidate("E", "us-east", 0.1)], Request("us-east", ("A", 80)), "A", null),
        ["Conference_ParticipantInOtherRegion_Stays"] = new(
            [Candidate("A", "us-east", 0.5), Candidate("E", "eu-central", 0.1)], Request("eu-central", ("A", 3)), "A", null),
        ["Conference_BridgeGone_PlacedAsFirst"] = new(
            [Candidate("A", "us-east", 0.3), Candidate("E", "eu-central", 0.1)], Request("us-east", ("Gone", 5)), "A", null),
        ["Conference_TwoBridges_MostParticipants"] = new(
            [Candidate("A", "us-east", 0.1), Candidate("E", "eu-central", 0.5)], Request("us-east", ("A", 2), ("E", 5)), "E", null),
        ["Conference_TwoBridgesTied_LessLoaded"] = new(
            [Candidate("A", "us-east", 0.5), Candidate("E", "eu-central", 0.2)], Request("us-east", ("A", 3), ("E", 3)), "E", null),
        ["Ties_SameStress_LowerId"] = new(
            [Candidate("b2", "us-east", 0.3), Candidate("b1", "us-east", 0.3)], Request("us-east"), "b1", null),
        ["EmptyPool_Null"] = new([], Request("us-east", ("A", 1)), null, null),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Select_TableCase_ExpectedBridge(string name)
    {
        var row = Cases[name];

        var bridge = SingleBridgeSelectionStrategy.Instance.Select(Ordered(row.Bridges), row.Request, Options("Single"));

        Assert.Equal(row.ExpectedId, bridge?.Id);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Select_ThroughSelector_SameBridgeInAnyInputOrder(string name)
    {
        var row = Cases[name];
        var selector = new BridgeSelector(Options("Single"));

        Assert.Equal(row.ExpectedId, selector.Select(row.Bridges, row.Request)?.Id);
        Assert.Equal(row.ExpectedId, selector.Select(row.Bridges.Reverse().ToArray(), row.Request)?.Id);
    }

    [Fact]
    public void Select_ConferenceOnDrainingBridge_StaysWhole()
    {
        var selector = new BridgeSelector(Options("Single"));
        BridgeCandidate[] pool = [Candidate("D", "us-east", 0.5, BridgeState.Draining), Candidate("A", "us-east", 0.1)];

        Assert.Equal("D", selector.Select(pool, Request("us-east", ("D", 4)))?.Id);
        Assert.Equal("A", selector.Select(pool, Request("us-east"))?.Id);
    }

    [Theory]
    [InlineData(BridgeState.Lost)]
    [InlineData(BridgeState.ShuttingDown)]
    [InlineData(BridgeState.Connecting)]
    public void Select_ConferenceBridgeUnavailable_PlacedElsewhere(BridgeState state)
    {
        var selector = new BridgeSelector(Options("Single"));
        BridgeCandidate[] pool = [Candidate("X", "us-east", 0.0, state), Candidate("A", "us-east", 0.4)];

        Assert.Equal("A", selector.Select(pool, Request("us-east", ("X", 4)))?.Id);
    }

    [Fact]
    public void Name_IsSingle() => Assert.Equal("Single", SingleBridgeSelectionStrategy.Instance.Name);
}
