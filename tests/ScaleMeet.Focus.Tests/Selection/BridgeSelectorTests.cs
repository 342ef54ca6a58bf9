using ScaleMeet.Focus.Bridges;
using ScaleMeet.Focus.Selection;
using static ScaleMeet.Focus.Tests.Selection.Pool;

namespace ScaleMeet.Focus.Tests.Selection;

/// <summary>
/// The filtering and ordering before every strategy (Jicofo's BridgeSelector): states, draining, major-version pinning,
/// deterministic order; and the strategy picked by name.
/// </summary>
public sealed class BridgeSelectorTests
{
    public static TheoryData<string> Strategies => new(SelectionStrategies.Names);

    [Theory]
    [InlineData(BridgeState.Connecting)]
    [InlineData(BridgeState.ShuttingDown)]
    [InlineData(BridgeState.Lost)]
    public void Select_OnlyNonOperationalBridges_NullForEveryStrategy(BridgeState state)
    {
        foreach (var strategy in SelectionStrategies.Names)
        {
            var selector = new BridgeSelector(Options(strategy));

            Assert.Null(selector.Select([Candidate("X", "us-east", 0.0, state)], Request("us-east")));
            Assert.Null(selector.Select([Candidate("X", "us-east", 0.0, state)], Request("us-east", ("X", 3))));
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Select_NonOperationalLighter_NeverChosen(string strategy)
    {
        var selector = new BridgeSelector(Options(strategy));
        BridgeCandidate[] pool =
        [
            Candidate("C", "us-east", 0.0, BridgeState.Connecting), Candidate("S", "us-east", 0.0, BridgeState.ShuttingDown),
            Candidate("L", "us-east", 0.0, BridgeState.Lost), Candidate("A", "us-east", 0.7),
        ];

        Assert.Equal("A", selector.Select(pool, Request("us-east"))?.Id);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Select_EmptyPool_Null(string strategy) =>
        Assert.Null(new BridgeSelector(Options(strategy)).Select([], Request("us-east", ("A", 2))));

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Select_DrainingLighter_ActivePreferred(string strategy)
    {
        var selector = new BridgeSelector(Options(strategy));
        BridgeCandidate[] pool = [Candidate("D", "us-east", 0.0, BridgeState.Draining), Candidate("A", "eu-west", 0.9)];

        Assert.Equal("A", selector.Select(pool, Request("us-east"))?.Id);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Select_OnlyDraining_DrainingChosen(string strategy)
    {
        var selector = new BridgeSelector(Options(strategy));
        BridgeCandidate[] pool = [Candidate("D2", "us-east", 0.5, BridgeState.Draining), Candidate("D1", "us-east", 0.2, BridgeState.Draining)];

        Assert.Equal("D1", selector.Select(pool, Request("us-east"))?.Id);
    }

    [Fact]
    public void Select_RegionBasedConferenceOnDrainingBridge_NewParticipantsElsewhere()
    {
        // As Jicofo: draining bridges are dropped while others run, so the conference grows on another bridge.
        var selector = new BridgeSelector(Options("RegionBased"));
        BridgeCandidate[] pool = [Candidate("D", "us-east", 0.1, BridgeState.Draining), Candidate("A", "us-west", 0.5)];

        Assert.Equal("A", selector.Select(pool, Request("us-east", ("D", 4)))?.Id);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Select_ConferenceOnMajorVersion1_OtherMajorNeverChosen(string strategy)
    {
        var selector = new BridgeSelector(Options(strategy));
        BridgeCandidate[] pool =
        [
            Candidate("A", "us-east", 0.5, version: "1.4.2"), Candidate("B", "us-east", 0.0, version: "2.0.0"),
            Candidate("C", "us-east", 0.3, version: "1.5.0"),
        ];

        var chosen = selector.Select(pool, Request("us-east", ("A", 3)));

        Assert.NotNull(chosen);
        Assert.NotEqual("B", chosen.Id);
    }

    [Fact]
    public void Select_VersionPinned_PatchAndMinorMix()
    {
        var selector = new BridgeSelector(Options("RegionBased"));
        BridgeCandidate[] pool =
        [
            Candidate("A", "us-east", 0.9, version: "1.4.2"), Candidate("B", "us-east", 0.0, version: "2.0.0"),
            Candidate("C", "us-east", 0.3, version: "1.5.0"),
        ];

        Assert.Equal("C", selector.Select(pool, Request("us-east", ("A", 3)))?.Id);
    }

    [Fact]
    public void Select_VersionPinnedNoneLeft_Null()
    {
        var selector = new BridgeSelector(Options("RegionBased"));
        BridgeCandidate[] pool = [Candidate("A", "us-east", 0.1, BridgeState.Lost, "1.4.2"), Candidate("B", "us-east", 0.0, version: "2.0.0")];

        Assert.Null(selector.Select(pool, Request("us-east", ("A", 3))));
    }

    [Fact]
    public void Select_FirstParticipant_AnyVersion()
    {
        var selector = new BridgeSelector(Options("RegionBased"));
        BridgeCandidate[] pool = [Candidate("A", "us-east", 0.5, version: "1.4.2"), Candidate("B", "us-east", 0.1, version: "2.0.0")];

        Assert.Equal("B", selector.Select(pool, Request("us-east"))?.Id);
    }

    [Fact]
    public void Select_VersionPinnedBeforeDrainingPreference_DrainingOfRightVersionChosen()
    {
        // Jicofo's order: the version filter first, then "prefer non-draining" among what is left.
        var selector = new BridgeSelector(Options("RegionBased"));
        BridgeCandidate[] pool =
        [
            Candidate("L", "us-east", 0.1, BridgeState.Lost, "1.4.2"), Candidate("D", "us-east", 0.5, BridgeState.Draining, "1.4.2"),
            Candidate("A", "us-east", 0.0, version: "2.0.0"),
        ];

        Assert.Equal("D", selector.Select(pool, Request("us-east", ("L", 3)))?.Id);
    }

    [Fact]
    public void Select_VersionOfMainBridge_PinsToMostParticipants()
    {
        // Split takes the lightest bridge new to the conference: D, but it runs major 1 and the main bridge B major 2.
        var selector = new BridgeSelector(Options("Split"));
        BridgeCandidate[] pool =
        [
            Candidate("A", "us-east", 0.0, version: "1.0.0"), Candidate("B", "us-east", 0.2, version: "2.0.0"),
            Candidate("C", "us-east", 0.1, version: "2.1.0"), Candidate("D", "us-east", 0.05, version: "1.2.0"),
        ];

        Assert.Equal("C", selector.Select(pool, Request("us-east", ("A", 1), ("B", 6)))?.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Select_MainBridgeWithoutVersionOrNotInSnapshot_NoPinning(string? mainVersion)
    {
        var selector = new BridgeSelector(Options("Split"));
        var pool = new List<BridgeCandidate> { Candidate("B", "us-east", 0.1, version: "2.0.0") };
        if (mainVersion is not null)
        {
            pool.Add(Candidate("A", "us-east", 0.5, version: mainVersion));
        }

        Assert.Equal("B", selector.Select(pool, Request("us-east", ("A", 3)))?.Id);
    }

    [Fact]
    public void Select_OrdersByCorrectedStressNotRaw()
    {
        // A reports 0.1 but 10 recent placements × 0.05 make 0.6; B at 0.3 is the least loaded.
        var selector = new BridgeSelector(Options("Single"));
        BridgeCandidate[] pool = [Candidate("A", stress: 0.1, recentlyPlaced: 10, averageParticipantStress: 0.05), Candidate("B", stress: 0.3)];

        Assert.Equal("B", selector.Select(pool, Request())?.Id);
    }

    [Fact]
    public void Select_NotANumberStress_LastAndOverloaded()
    {
        var selector = new BridgeSelector(Options("RegionBased"));
        BridgeCandidate[] pool = [Candidate("N", "us-east", double.NaN), Candidate("A", "us-west", 0.7)];

        Assert.Equal("A", selector.Select(pool, Request("us-east"))?.Id);
        Assert.True(SelectionSteps.IsOverloaded(pool[0], Options()));
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Select_EqualStressAnyInputOrder_LowestIdEveryTime(string strategy)
    {
        var selector = new BridgeSelector(Options(strategy));
        BridgeCandidate[] pool = [Candidate("b3", "us-east", 0.4), Candidate("b1", "us-east", 0.4), Candidate("b2", "us-east", 0.4)];

        foreach (var order in new[] { new[] { 0, 1, 2 }, [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0] })
        {
            Assert.Equal("b1", selector.Select(order.Select(i => pool[i]).ToArray(), Request("us-east"))?.Id);
        }
    }

    [Fact]
    public void Select_InputList_NotModified()
    {
        var selector = new BridgeSelector(Options("RegionBased"));
        BridgeCandidate[] pool = [Candidate("b", "us-east", 0.9), Candidate("L", state: BridgeState.Lost), Candidate("a", "us-east", 0.1)];
        var before = pool.ToArray();

        selector.Select(pool, Request("us-east"));

        Assert.Equal(before, pool);
    }

    [Theory]
    [InlineData("single", "Single")]
    [InlineData("SPLIT", "Split")]
    [InlineData("regionbased", "RegionBased")]
    [InlineData("RegionBased", "RegionBased")]
    [InlineData("intraREGION", "IntraRegion")]
    public void Constructor_StrategyNameAnyCase_CanonicalStrategy(string configured, string expected) =>
        Assert.Equal(expected, new BridgeSelector(new SelectionOptions { Strategy = configured }).StrategyName);

    [Fact]
    public void Constructor_Defaults_Single() => Assert.Equal("Single", new BridgeSelector(new SelectionOptions()).StrategyName);

    [Theory]
    [InlineData("Random")]
    [InlineData("")]
    [InlineData("Region Based")]
    public void Constructor_UnknownStrategy_ThrowsNamingSettingAndValidNames(string configured)
    {
        var e = Assert.Throws<ArgumentException>(() => new BridgeSelector(new SelectionOptions { Strategy = configured }));

        Assert.Equal($"ScaleMeet:Focus:BridgeSelection:Strategy must be one of Single, Split, RegionBased, IntraRegion (was '{configured}')", e.Message);
    }

    [Fact]
    public void Constructor_InvalidOption_ThrowsValidateMessage()
    {
        var options = new SelectionOptions { OverloadThreshold = 0 };

        var e = Assert.Throws<ArgumentException>(() => new BridgeSelector(options));

        Assert.Equal(options.Validate(), e.Message);
    }

    [Fact]
    public void Constructor_OptionsChangedAfterwards_NoEffect()
    {
        var options = Options("RegionBased");
        var selector = new BridgeSelector(options);
        options.RegionGroups.Clear();
        options.OverloadThreshold = 0.01;
        BridgeCandidate[] pool = [Candidate("A", "us-east", 0.9), Candidate("W", "us-west", 0.5), Candidate("E", "eu-central", 0.1)];

        Assert.Equal("W", selector.Select(pool, Request("us-east"))?.Id);
    }
}
