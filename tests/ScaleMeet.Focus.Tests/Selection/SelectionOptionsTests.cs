using System.Text;
using Microsoft.Extensions.Configuration;
using ScaleMeet.Focus.Selection;

namespace ScaleMeet.Focus.Tests.Selection;

/// <summary>Defaults (Jicofo's), each bad setting named, and binding from appsettings JSON as the server binds.</summary>
public sealed class SelectionOptionsTests
{
    private static readonly Dictionary<string, (Action<SelectionOptions> Break, string Setting)> Bad = new(StringComparer.Ordinal)
    {
        ["Strategy_Unknown"] = (o => o.Strategy = "Random", "Strategy must be one of Single, Split, RegionBased, IntraRegion (was 'Random')"),
        ["Strategy_Empty"] = (o => o.Strategy = "", "Strategy must be one of"),
        ["OverloadThreshold_Zero"] = (o => o.OverloadThreshold = 0, "OverloadThreshold"),
        ["OverloadThreshold_Negative"] = (o => o.OverloadThreshold = -0.1, "OverloadThreshold"),
        ["OverloadThreshold_AboveOne"] = (o => o.OverloadThreshold = 1.01, "OverloadThreshold"),
        ["OverloadThreshold_NaN"] = (o => o.OverloadThreshold = double.NaN, "OverloadThreshold"),
        ["ParticipantRampUpInterval_Negative"] = (o => o.ParticipantRampUpInterval = TimeSpan.FromSeconds(-1), "ParticipantRampUpInterval"),
        ["ParticipantRampUpInterval_TooLong"] = (o => o.ParticipantRampUpInterval = TimeSpan.FromMinutes(11), "ParticipantRampUpInterval"),
        ["MaxParticipantsPerBridgeInConference_Zero"] = (o => o.MaxParticipantsPerBridgeInConference = 0, "MaxParticipantsPerBridgeInConference"),
        ["MaxParticipantsPerBridgeInConference_MinusTwo"] = (o => o.MaxParticipantsPerBridgeInConference = -2, "MaxParticipantsPerBridgeInConference"),
        ["MaxParticipantsPerBridgeInConference_TooMany"] = (o => o.MaxParticipantsPerBridgeInConference = 100_001, "MaxParticipantsPerBridgeInConference"),
        ["RegionGroups_Null"] = (o => o.RegionGroups = null!, "RegionGroups must be"),
        ["RegionGroups_EmptyGroup"] = (o => o.RegionGroups.Add(new List<string>()), "RegionGroups:0 must list at least one region"),
        ["RegionGroups_EmptyRegion"] = (o => o.RegionGroups.Add(new List<string> { "us-east", " " }), "RegionGroups:0:1 must be a region name"),
        ["RegionGroups_RegionInTwoGroups"] = (o =>
        {
            o.RegionGroups.Add(new List<string> { "us-east", "us-west" });
            o.RegionGroups.Add(new List<string> { "eu-west" });
            o.RegionGroups.Add(new List<string> { "us-west", "us-central" });
        }, "RegionGroups: region 'us-west' is in groups 0 and 2; a region may be in one group only"),
    };

    public static TheoryData<string> BadCases => new(Bad.Keys);

    [Fact]
    public void Validate_Defaults_ValidAndJicofos()
    {
        var options = new SelectionOptions();

        Assert.Null(options.Validate());
        Assert.Equal("Single", options.Strategy);
        Assert.Equal(0.8, options.OverloadThreshold);
        Assert.Equal(TimeSpan.FromSeconds(20), options.ParticipantRampUpInterval);
        Assert.Equal(80, options.MaxParticipantsPerBridgeInConference);
        Assert.Empty(options.RegionGroups);
        Assert.Equal("ScaleMeet:Focus:BridgeSelection", SelectionOptions.Section);
    }

    [Theory]
    [MemberData(nameof(BadCases))]
    public void Validate_BadSetting_NamesTheSetting(string name)
    {
        var (breakIt, setting) = Bad[name];
        var options = new SelectionOptions();
        breakIt(options);

        var problem = options.Validate();

        Assert.NotNull(problem);
        Assert.StartsWith("ScaleMeet:Focus:BridgeSelection:" + setting, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("single")]
    [InlineData("SPLIT")]
    [InlineData("regionBased")]
    [InlineData("Intraregion")]
    public void Validate_StrategyAnyCase_Valid(string strategy) =>
        Assert.Null(new SelectionOptions { Strategy = strategy }.Validate());

    [Fact]
    public void Validate_EdgeValues_Valid()
    {
        Assert.Null(new SelectionOptions { OverloadThreshold = 1 }.Validate());
        Assert.Null(new SelectionOptions { OverloadThreshold = 0.01 }.Validate());
        Assert.Null(new SelectionOptions { ParticipantRampUpInterval = TimeSpan.Zero }.Validate());
        Assert.Null(new SelectionOptions { ParticipantRampUpInterval = TimeSpan.FromMinutes(10) }.Validate());
        Assert.Null(new SelectionOptions { MaxParticipantsPerBridgeInConference = -1 }.Validate());
        Assert.Null(new SelectionOptions { MaxParticipantsPerBridgeInConference = 1 }.Validate());
        Assert.Null(Pool.Options().Validate());
    }

    [Fact]
    public void Validate_SameRegionTwiceInOneGroup_Valid() =>
        Assert.Null(new SelectionOptions { RegionGroups = { new List<string> { "us-east", "us-east" } } }.Validate());

    [Fact]
    public void Bind_AppSettingsJson_EverySettingIncludingNestedRegionGroups()
    {
        const string Json = """
            {
              "ScaleMeet": { "Focus": { "BridgeSelection": {
                "Strategy": "regionbased",
                "OverloadThreshold": 0.7,
                "ParticipantRampUpInterval": "00:00:30",
                "MaxParticipantsPerBridgeInConference": -1,
                "RegionGroups": [ [ "us-east", "us-west" ], [ "eu-central", "eu-west", "eu-north" ] ]
              } } }
            }
            """;

        var options = Bind(Json);

        Assert.NotNull(options);
        Assert.Null(options.Validate());
        Assert.Equal("regionbased", options.Strategy);
        Assert.Equal(0.7, options.OverloadThreshold);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ParticipantRampUpInterval);
        Assert.Equal(-1, options.MaxParticipantsPerBridgeInConference);
        Assert.Equal(2, options.RegionGroups.Count);
        Assert.Equal(["us-east", "us-west"], options.RegionGroups[0]);
        Assert.Equal(["eu-central", "eu-west", "eu-north"], options.RegionGroups[1]);
        Assert.Equal("RegionBased", new BridgeSelector(options).StrategyName);
    }

    [Fact]
    public void Bind_RegionInTwoGroupsFromJson_ValidateRefuses()
    {
        var options = Bind("""{ "ScaleMeet": { "Focus": { "BridgeSelection": { "RegionGroups": [ [ "a", "b" ], [ "b" ] ] } } } }""");

        Assert.NotNull(options);
        Assert.Equal("ScaleMeet:Focus:BridgeSelection:RegionGroups: region 'b' is in groups 0 and 1; a region may be in one group only", options.Validate());
    }

    [Fact]
    public void Bind_UnknownSetting_Throws()
    {
        // Proves the binding check is live: a misspelt setting is an error, not silently ignored.
        Assert.Throws<InvalidOperationException>(() =>
            Bind("""{ "ScaleMeet": { "Focus": { "BridgeSelection": { "RegionGroup": [ [ "a" ] ] } } } }"""));
    }

    private static SelectionOptions? Bind(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return configuration.GetSection(SelectionOptions.Section).Get<SelectionOptions>(o => o.ErrorOnUnknownConfiguration = true);
    }
}
