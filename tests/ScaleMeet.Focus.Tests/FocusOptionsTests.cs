namespace ScaleMeet.Focus.Tests;

public sealed class FocusOptionsTests
{
    [Fact]
    public void Validate_Defaults_Valid()
    {
        var options = new FocusOptions();

        Assert.Null(options.Validate());
        Assert.Equal(100, options.MaxParticipantsPerRoom);
        Assert.Equal(TimeSpan.FromSeconds(10), options.BridgeRequestTimeout);
        Assert.Empty(options.IceServers);
    }

    [Fact]
    public void Validate_Bad_NamesTheSetting()
    {
        Assert.Contains("ScaleMeet:Focus:MaxParticipantsPerRoom", new FocusOptions { MaxParticipantsPerRoom = 0 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("ScaleMeet:Focus:BridgeRequestTimeout", new FocusOptions { BridgeRequestTimeout = TimeSpan.Zero }.Validate(), StringComparison.Ordinal);
        var noUrls = new FocusOptions { IceServers = { new IceServerOptions() } };
        Assert.Contains("ScaleMeet:Focus:IceServers:0:Urls", noUrls.Validate(), StringComparison.Ordinal);
        var http = new FocusOptions { IceServers = { new IceServerOptions { Urls = { "http://x" } } } };
        Assert.Contains("'http://x'", http.Validate(), StringComparison.Ordinal);
        var turn = new FocusOptions { IceServers = { new IceServerOptions { Urls = { "turn:t.example:3478" } } } };
        Assert.Contains("Username and Credential", turn.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RegionSettings_NamesTheSetting()
    {
        Assert.Null(new FocusOptions { Region = "eu-west", RegionHeader = "X-Client-Region", AllowRegionParameter = true }.Validate());
        Assert.Contains("ScaleMeet:Focus:Region", new FocusOptions { Region = "eu west" }.Validate(), StringComparison.Ordinal);
        Assert.Contains("ScaleMeet:Focus:RegionHeader", new FocusOptions { RegionHeader = "X Region" }.Validate(), StringComparison.Ordinal);
        Assert.Contains("ScaleMeet:Focus:RegionHeader", new FocusOptions { RegionHeader = "" }.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadBridgeSelection_NamesTheSetting()
    {
        var options = new FocusOptions { BridgeSelection = { Strategy = "Nearest" } };

        Assert.Contains("ScaleMeet:Focus:BridgeSelection:Strategy", options.Validate(), StringComparison.Ordinal);
    }
}
