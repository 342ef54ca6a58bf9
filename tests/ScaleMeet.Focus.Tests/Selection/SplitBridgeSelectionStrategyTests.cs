using ScaleMeet.Focus.Selection;
using static ScaleMeet.Focus.Tests.Selection.Pool;

namespace ScaleMeet.Focus.Tests.Selection;

/// <summary>Jicofo's split strategy: a bridge not yet in the conference, else the one with fewest of its participants.</summary>
public sealed class SplitBridgeSelectionStrategyTests
{
    private static readonly Dictionary<string, ChainCase> Cases = new(StringComparer.Ordinal)
    {
        ["First_LeastLoaded"] = new(
            [Candidate("A", stress: 0.5), Candidate("B", stress: 0.2)], Request(), "B", null),
        // Load does not count: a bridge new to the conference wins even overloaded.
        ["Conference_NewBridgeOverloaded_StillChosen"] = new(
            [Candidate("A", stress: 0.1), Candidate("B", stress: 0.95)], Request("", ("A", 1)), "B", null),
        ["Conference_SeveralNew_LeastLoadedNew"] = new(
            [Candidate("A", stress: 0.0), Candidate("B", stress: 0.6), Candidate("C", stress: 0.4)], Request("", ("A", 1)), "C", null),
        ["Conference_AllUsed_FewestParticipants"] = new(
            [Candidate("A", stress: 0.1), Candidate("B", stress: 0.9), Candidate("C", stress: 0.5)],
            Request("", ("A", 5), ("B", 1), ("C", 2)), "B", null),
        ["Conference_AllUsedTied_LessLoaded"] = new(
            [Candidate("A", stress: 0.1), Candidate("B", stress: 0.5), Candidate("C", stress: 0.3)],
            Request("", ("A", 5), ("B", 2), ("C", 2)), "C", null),
        // A conference bridge that is no candidate is ignored, however few participants it has.
        ["Conference_GoneBridge_Ignored"] = new(
            [Candidate("A", stress: 0.3)], Request("", ("Gone", 0), ("A", 3)), "A", null),
        ["EmptyPool_Null"] = new([], Request("", ("A", 1)), null, null),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Select_TableCase_ExpectedBridge(string name)
    {
        var row = Cases[name];

        var bridge = SplitBridgeSelectionStrategy.Instance.Select(Ordered(row.Bridges), row.Request, Options("Split"));

        Assert.Equal(row.ExpectedId, bridge?.Id);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Select_ThroughSelector_SameBridgeInAnyInputOrder(string name)
    {
        var row = Cases[name];
        var selector = new BridgeSelector(Options("Split"));

        Assert.Equal(row.ExpectedId, selector.Select(row.Bridges, row.Request)?.Id);
        Assert.Equal(row.ExpectedId, selector.Select(row.Bridges.Reverse().ToArray(), row.Request)?.Id);
    }

    [Fact]
    public void Name_IsSplit() => Assert.Equal("Split", SplitBridgeSelectionStrategy.Instance.Name);
}
