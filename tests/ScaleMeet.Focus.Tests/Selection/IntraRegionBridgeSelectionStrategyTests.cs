using ScaleMeet.Focus.Selection;
using static ScaleMeet.Focus.Tests.Selection.Pool;

namespace ScaleMeet.Focus.Tests.Selection;

/// <summary>
/// Jicofo's intra-region strategy: the first participant picks the region, later ones stay in it (spilling to other
/// bridges of that region, then overloading the conference's own), never another region.
/// </summary>
public sealed class IntraRegionBridgeSelectionStrategyTests
{
    private static readonly Dictionary<string, ChainCase> Cases = new(StringComparer.Ordinal)
    {
        ["First_InRegion_NotLoadedInRegion"] = new(
            [Candidate("A", "us-east", 0.5), Candidate("E", "eu-central", 0.1)],
            Request("us-east"), "A", "NotLoadedInRegion"),
        ["First_RegionOverloaded_LeastLoadedAnywhere"] = new(
            [Candidate("A", "us-east", 0.9), Candidate("E", "eu-central", 0.1)],
            Request("us-east"), "E", "LeastLoaded"),
        ["First_UnknownRegion_LeastLoaded"] = new(
            [Candidate("U", "", 0.5), Candidate("E", "eu-central", 0.1)],
            Request(""), "E", "LeastLoaded"),
        // The participant is in eu-central, but the conference is in us-east: it stays there.
        ["Conference_BridgeNotLoaded_Stays"] = new(
            [Candidate("A", "us-east", 0.5), Candidate("A2", "us-east", 0.1), Candidate("E", "eu-central", 0.0)],
            Request("eu-central", ("A", 3)), "A", "NotLoadedAlreadyInConferenceInRegion"),
        ["Conference_BridgeOverloaded_SpillsWithinRegion"] = new(
            [Candidate("A", "us-east", 0.85), Candidate("A2", "us-east", 0.4), Candidate("E", "eu-central", 0.0)],
            Request("eu-central", ("A", 3)), "A2", "NotLoadedInRegion"),
        ["Conference_BridgeMaxed_SpillsWithinRegion"] = new(
            [Candidate("A", "us-east", 0.2), Candidate("A2", "us-east", 0.4)],
            Request("us-east", ("A", 80)), "A2", "NotLoadedInRegion"),
        // Jicofo's last step ignores overload and the maximum: the conference never leaves its region.
        ["Conference_RegionOverloaded_StaysOnConferenceBridge"] = new(
            [Candidate("A", "us-east", 0.95), Candidate("A2", "us-east", 0.9), Candidate("E", "eu-central", 0.0)],
            Request("us-east", ("A", 80)), "A", "LeastLoadedAlreadyInConferenceInRegion"),
        // The conference's region is its main bridge's (most participants): eu-central, not us-east.
        ["Conference_RegionOfMainBridge"] = new(
            [Candidate("A", "us-east", 0.1), Candidate("E", "eu-central", 0.9), Candidate("E2", "eu-central", 0.3)],
            Request("us-east", ("A", 1), ("E", 5)), "E2", "NotLoadedInRegion"),
        // Our difference: bridges that named no region are one region (Jicofo would return null).
        ["Conference_RegionlessBridges_SpillToRegionless"] = new(
            [Candidate("U1", "", 0.9), Candidate("U2", "", 0.3), Candidate("A", "us-east", 0.0)],
            Request("us-east", ("U1", 2)), "U2", "NotLoadedInRegion"),
        // None of the conference's bridges is a candidate any more: selected as for a first participant.
        ["Conference_BridgesGone_InitialSelection"] = new(
            [Candidate("A", "us-east", 0.5), Candidate("E", "eu-central", 0.1)],
            Request("us-east", ("Gone", 4)), "A", "NotLoadedInRegion"),
        ["EmptyPool_Null"] = new([], Request("us-east", ("A", 1)), null, null),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decide_TableCase_ExpectedBridgeFromExpectedStep(string name)
    {
        var row = Cases[name];

        var (bridge, step) = IntraRegionBridgeSelectionStrategy.Decide(Ordered(row.Bridges), row.Request, Options("IntraRegion"));

        Assert.Equal(row.ExpectedId, bridge?.Id);
        Assert.Equal(row.ExpectedStep, step);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Select_ThroughSelector_SameBridgeInAnyInputOrder(string name)
    {
        var row = Cases[name];
        var selector = new BridgeSelector(Options("IntraRegion"));

        Assert.Equal(row.ExpectedId, selector.Select(row.Bridges, row.Request)?.Id);
        Assert.Equal(row.ExpectedId, selector.Select(row.Bridges.Reverse().ToArray(), row.Request)?.Id);
    }

    [Fact]
    public void Name_IsIntraRegion() => Assert.Equal("IntraRegion", IntraRegionBridgeSelectionStrategy.Instance.Name);
}
