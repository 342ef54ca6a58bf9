using ScaleMeet.Focus.Selection;
using static ScaleMeet.Focus.Tests.Selection.Pool;

namespace ScaleMeet.Focus.Tests.Selection;

/// <summary>
/// Jicofo's region-based chain, one row per step proving that step decides (every earlier step finds nothing), then
/// the first participant, unknown and ungrouped regions, maxed bridges, the stress correction and the threshold.
/// Groups: [us-east, us-west], [eu-central, eu-west]; threshold 0.8; at most 80 of a conference per bridge.
/// </summary>
public sealed class RegionBasedBridgeSelectionStrategyTests
{
    private static readonly Dictionary<string, ChainCase> Cases = new(StringComparer.Ordinal)
    {
        // 1: A is the conference's in the region; C (same region, lighter) and B (in the conference, lighter) lose.
        ["Step1_ConferenceBridgeInRegion"] = new(
            [Candidate("A", "us-east", 0.5), Candidate("B", "us-west", 0.1), Candidate("C", "us-east", 0.0)],
            Request("us-east", ("A", 3), ("B", 2)), "A", "NotLoadedAlreadyInConferenceInRegion"),
        // 2: the conference's us-east bridge is overloaded; its us-west one beats the free us-east C.
        ["Step2_ConferenceBridgeInRegionGroup"] = new(
            [Candidate("A", "us-east", 0.9), Candidate("B", "us-west", 0.3), Candidate("C", "us-east", 0.1)],
            Request("us-east", ("A", 5), ("B", 2)), "B", "NotLoadedAlreadyInConferenceInRegionGroup"),
        // 3: no usable conference bridge in the group; a free bridge in the region beats the group's W and the conference's E.
        ["Step3_BridgeInRegion"] = new(
            [Candidate("A", "us-east", 0.85), Candidate("C", "us-east", 0.4), Candidate("W", "us-west", 0.2), Candidate("E", "eu-central", 0.1)],
            Request("us-east", ("A", 4), ("E", 1)), "C", "NotLoadedInRegion"),
        // 4: the region is overloaded; the group's W beats the conference's lighter E.
        ["Step4_BridgeInRegionGroup"] = new(
            [Candidate("A", "us-east", 0.9), Candidate("W", "us-west", 0.4), Candidate("E", "eu-central", 0.1)],
            Request("us-east", ("E", 2), ("A", 1)), "W", "NotLoadedInRegionGroup"),
        // 5: the whole group is overloaded; the conference's eu-west bridge beats the lighter E1.
        ["Step5_ConferenceBridgeAnywhere"] = new(
            [Candidate("A", "us-east", 0.9), Candidate("W", "us-west", 0.95), Candidate("E1", "eu-central", 0.1), Candidate("E2", "eu-west", 0.5)],
            Request("us-east", ("E2", 3)), "E2", "NotLoadedAlreadyInConference"),
        // 6: the group and the conference's bridge are overloaded; any free bridge.
        ["Step6_AnyNotLoaded"] = new(
            [Candidate("A", "us-east", 0.9), Candidate("E2", "eu-west", 0.85), Candidate("E1", "eu-central", 0.3)],
            Request("us-east", ("E2", 3)), "E1", "NotLoaded"),
        // 7: everything overloaded; the least loaded conference bridge that is not maxed (not M, not the non-member A).
        ["Step7_ConferenceBridgeNotMaxed"] = new(
            [Candidate("M", "eu-west", 0.82), Candidate("A", "us-east", 0.9), Candidate("E2", "eu-west", 0.95), Candidate("E3", "eu-central", 0.99)],
            Request("us-east", ("M", 80), ("E2", 10), ("E3", 10)), "E2", "LeastLoadedNotMaxedAlreadyInConference"),
        // 8: everything overloaded, no conference yet: the least loaded.
        ["Step8_LeastLoaded"] = new(
            [Candidate("A", "us-east", 0.9), Candidate("E", "eu-central", 0.85)],
            Request("us-east"), "E", "LeastLoaded"),
        // 8 again: every conference bridge maxed and everything overloaded: the least loaded, maxed or not.
        ["Step8_AllMaxedAndOverloaded_LeastLoadedEvenMaxed"] = new(
            [Candidate("M", "us-east", 0.9), Candidate("A", "us-east", 0.95)],
            Request("us-east", ("M", 80)), "M", "LeastLoaded"),

        ["First_InRegion_Region"] = new(
            [Candidate("A", "us-east", 0.5), Candidate("W", "us-west", 0.1)],
            Request("us-east"), "A", "NotLoadedInRegion"),
        ["First_RegionOverloaded_Group"] = new(
            [Candidate("A", "us-east", 0.85), Candidate("W", "us-west", 0.5), Candidate("E", "eu-central", 0.1)],
            Request("us-east"), "W", "NotLoadedInRegionGroup"),
        ["First_NoBridgeInGroup_LeastLoadedNotLoaded"] = new(
            [Candidate("A", "us-east", 0.3), Candidate("E", "eu-central", 0.2)],
            Request("ap-south"), "E", "NotLoaded"),
        // An unknown region matches no bridge, not even one that named no region.
        ["UnknownRegion_First_RegionlessBridgeNotPreferred"] = new(
            [Candidate("U", "", 0.5), Candidate("A", "us-east", 0.2)],
            Request(""), "A", "NotLoaded"),
        ["UnknownRegion_Conference_ConferenceBridge"] = new(
            [Candidate("A", "us-east", 0.2), Candidate("E", "eu-central", 0.5)],
            Request("", ("E", 2)), "E", "NotLoadedAlreadyInConference"),
        // A region in no group is a group of its own: ap-east is not ap-south's group.
        ["UngroupedRegion_GroupOfItsOwn"] = new(
            [Candidate("P", "ap-south", 0.9), Candidate("Q", "ap-east", 0.1)],
            Request("ap-south"), "Q", "NotLoaded"),
        // A maxed conference bridge is "loaded" for steps 1–5.
        ["Maxed_ConferenceBridgeInRegion_Skipped"] = new(
            [Candidate("A", "us-east", 0.2), Candidate("C", "us-east", 0.5)],
            Request("us-east", ("A", 80)), "C", "NotLoadedInRegion"),
        ["Maxed_OneBelowLimit_Kept"] = new(
            [Candidate("A", "us-east", 0.2), Candidate("C", "us-east", 0.1)],
            Request("us-east", ("A", 79)), "A", "NotLoadedAlreadyInConferenceInRegion"),
        // Jicofo's NotLoaded checks the bridge's own overload only: a maxed but light conference bridge is chosen.
        ["Maxed_NotLoadedIgnoresMaximum_AsJicofo"] = new(
            [Candidate("M", "eu-west", 0.1), Candidate("E", "eu-central", 0.5)],
            Request("us-east", ("M", 80)), "M", "NotLoaded"),
        // Raw stress 0.7 is below 0.8, but 2 recent placements × 0.06 make 0.82: overloaded.
        ["Overloaded_ByCorrectionOnly_Skipped"] = new(
            [Candidate("A", "us-east", 0.7, recentlyPlaced: 2, averageParticipantStress: 0.06), Candidate("W", "us-west", 0.75)],
            Request("us-east", ("A", 3)), "W", "NotLoadedInRegionGroup"),
        ["Overloaded_AtThresholdExactly_Skipped"] = new(
            [Candidate("A", "us-east", 0.8), Candidate("W", "us-west", 0.79)],
            Request("us-east", ("A", 3)), "W", "NotLoadedInRegionGroup"),
        ["Ties_SameStress_LowerIdFirst"] = new(
            [Candidate("b2", "us-east", 0.3), Candidate("b1", "us-east", 0.3), Candidate("b3", "us-east", 0.3)],
            Request("us-east"), "b1", "NotLoadedInRegion"),
        ["EmptyPool_Null"] = new([], Request("us-east"), null, null),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decide_TableCase_ExpectedBridgeFromExpectedStep(string name)
    {
        var row = Cases[name];

        var (bridge, step) = RegionBasedBridgeSelectionStrategy.Decide(Ordered(row.Bridges), row.Request, Options());

        Assert.Equal(row.ExpectedId, bridge?.Id);
        Assert.Equal(row.ExpectedStep, step);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Select_ThroughSelector_SameBridgeInAnyInputOrder(string name)
    {
        var row = Cases[name];
        var selector = new BridgeSelector(Options());

        Assert.Equal(row.ExpectedId, selector.Select(row.Bridges, row.Request)?.Id);
        Assert.Equal(row.ExpectedId, selector.Select(row.Bridges.Reverse().ToArray(), row.Request)?.Id);
    }

    [Fact]
    public void Chain_InJicofoOrder()
    {
        Assert.Equal(
            [
                "NotLoadedAlreadyInConferenceInRegion", "NotLoadedAlreadyInConferenceInRegionGroup", "NotLoadedInRegion",
                "NotLoadedInRegionGroup", "NotLoadedAlreadyInConference", "NotLoaded", "LeastLoadedNotMaxedAlreadyInConference",
                "LeastLoaded",
            ],
            RegionBasedBridgeSelectionStrategy.Chain.Select(s => s.Name));
    }

    [Fact]
    public void Decide_FirstParticipant_ConferenceStepsFindNothing()
    {
        var bridges = Ordered(Candidate("A", "us-east", 0.9), Candidate("E", "eu-central", 0.95));
        var request = Request("us-east");

        Assert.Null(SelectionSteps.NotLoadedAlreadyInConferenceInRegion(bridges, request, Options(), "us-east"));
        Assert.Null(SelectionSteps.NotLoadedAlreadyInConferenceInRegionGroup(bridges, request, Options(), "us-east"));
        Assert.Null(SelectionSteps.NotLoadedAlreadyInConference(bridges, request, Options()));
        Assert.Null(SelectionSteps.LeastLoadedNotMaxedAlreadyInConference(bridges, request, Options()));
    }

    [Fact]
    public void Decide_NoPerConferenceMaximum_MaxedNeverApplies()
    {
        var options = Options();
        options.MaxParticipantsPerBridgeInConference = -1;

        var (bridge, step) = RegionBasedBridgeSelectionStrategy.Decide(
            Ordered(Candidate("A", "us-east", 0.1), Candidate("C", "us-east", 0.0)), Request("us-east", ("A", 500)), options);

        Assert.Equal("A", bridge?.Id);
        Assert.Equal("NotLoadedAlreadyInConferenceInRegion", step);
    }

    [Fact]
    public void Decide_LowerMaximum_AppliesAtThatCount()
    {
        var options = Options();
        options.MaxParticipantsPerBridgeInConference = 2;

        var (bridge, step) = RegionBasedBridgeSelectionStrategy.Decide(
            Ordered(Candidate("A", "us-east", 0.1), Candidate("C", "us-east", 0.5)), Request("us-east", ("A", 2)), options);

        Assert.Equal("C", bridge?.Id);
        Assert.Equal("NotLoadedInRegion", step);
    }

    [Fact]
    public void Name_IsRegionBased() => Assert.Equal("RegionBased", RegionBasedBridgeSelectionStrategy.Instance.Name);
}
