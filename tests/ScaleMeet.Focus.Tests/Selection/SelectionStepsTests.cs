using ScaleMeet.Focus.Selection;
using static ScaleMeet.Focus.Tests.Selection.Pool;

namespace ScaleMeet.Focus.Tests.Selection;

/// <summary>The predicates under every chain step: overload (with the correction), per-conference maximum, regions, versions.</summary>
public sealed class SelectionStepsTests
{
    [Theory]
    [InlineData(0.79, 0, 0.0, false)]
    [InlineData(0.8, 0, 0.0, true)]
    [InlineData(0.7, 1, 0.05, false)]
    [InlineData(0.7, 2, 0.06, true)]
    [InlineData(0.0, 20, 0.04, true)]
    [InlineData(double.NaN, 0, 0.0, true)]
    public void IsOverloaded_CorrectedStressAgainstThreshold(double stress, int recent, double average, bool overloaded) =>
        Assert.Equal(overloaded, SelectionSteps.IsOverloaded(Candidate("A", stress: stress, recentlyPlaced: recent, averageParticipantStress: average), Options()));

    [Theory]
    [InlineData(79, 80, false)]
    [InlineData(80, 80, true)]
    [InlineData(81, 80, true)]
    [InlineData(10_000, -1, false)]
    public void IsMaxedInConference_CountAgainstLimit(int count, int limit, bool maxed)
    {
        var options = Options();
        options.MaxParticipantsPerBridgeInConference = limit;

        Assert.Equal(maxed, SelectionSteps.IsMaxedInConference(Candidate("A"), Request("", ("A", count)), options));
    }

    [Fact]
    public void IsMaxedInConference_BridgeNotInConference_False() =>
        Assert.False(SelectionSteps.IsMaxedInConference(Candidate("B"), Request("", ("A", 500)), Options()));

    [Theory]
    [InlineData("us-east", "us-east", true)]
    [InlineData("us-west", "us-east", true)]
    [InlineData("eu-west", "us-east", false)]
    [InlineData("ap-south", "ap-south", true)]
    [InlineData("ap-east", "ap-south", false)]
    [InlineData("", "ap-south", false)]
    [InlineData("US-EAST", "us-east", false)]
    [InlineData("", null, false)]
    [InlineData("us-east", null, false)]
    public void IsInRegionGroup_GroupsOrRegionAlone(string bridgeRegion, string? region, bool inGroup) =>
        Assert.Equal(inGroup, SelectionSteps.IsInRegionGroup(Candidate("A", bridgeRegion), region, Options()));

    [Theory]
    [InlineData("", "", true)]
    [InlineData("", null, false)]
    [InlineData("us-east", "us-east", true)]
    [InlineData("us-east", "Us-East", false)]
    public void IsInRegion_OrdinalNullMatchesNothing(string bridgeRegion, string? region, bool inRegion) =>
        Assert.Equal(inRegion, SelectionSteps.IsInRegion(Candidate("A", bridgeRegion), region));

    [Theory]
    [InlineData("1.4.2", "1")]
    [InlineData("10.0.1", "10")]
    [InlineData("2", "2")]
    [InlineData("", "")]
    [InlineData("2.0-abc", "2")]
    public void MajorVersion_BeforeFirstDot(string version, string major) =>
        Assert.Equal(major, BridgeSelector.MajorVersion(version).ToString());

    [Fact]
    public void HomeBridge_MostParticipantsThenLessLoadedThenId()
    {
        BridgeCandidate[] bridges = [Candidate("c", stress: 0.1), Candidate("b", stress: 0.2), Candidate("a", stress: 0.2), Candidate("x", stress: 0.0)];

        Assert.Equal("c", SelectionSteps.HomeBridge(bridges, Request("", ("a", 1), ("b", 1), ("c", 4)))?.Id);
        Assert.Equal("a", SelectionSteps.HomeBridge(bridges, Request("", ("a", 3), ("b", 3), ("c", 1)))?.Id);
        Assert.Equal("a", SelectionSteps.HomeBridge(bridges.Reverse().ToArray(), Request("", ("a", 3), ("b", 3), ("c", 1)))?.Id);
        Assert.Null(SelectionSteps.HomeBridge(bridges, Request("", ("gone", 9))));
    }
}
