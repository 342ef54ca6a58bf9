using ScaleMeet.Bridge.Relay;

namespace ScaleMeet.Bridge.Tests.Relay;

public sealed class RelayOptionsTests
{
    [Fact]
    public void Validate_Defaults_Usable() => Assert.Null(new BridgeOptions().Validate());

    [Theory]
    [InlineData("Port", "ScaleMeet:Bridge:Relay:Port")]
    [InlineData("AdvertiseAddress", "ScaleMeet:Bridge:Relay:AdvertiseAddress")]
    [InlineData("CheckInterval", "ScaleMeet:Bridge:Relay:CheckInterval")]
    [InlineData("ConsentTimeout", "ScaleMeet:Bridge:Relay:ConsentTimeout")]
    [InlineData("MaxRelays", "ScaleMeet:Bridge:Relay:MaxRelays")]
    [InlineData("MaxSrtpStreams", "ScaleMeet:Bridge:Relay:MaxSrtpStreams")]
    public void Validate_BadSetting_NamesIt(string setting, string named)
    {
        var options = new BridgeOptions();
        var relay = options.Relay;
        switch (setting)
        {
            case "Port": relay.Port = 70000; break;
            case "AdvertiseAddress": relay.AdvertiseAddress = "bridge.example"; break;
            case "CheckInterval": relay.CheckInterval = TimeSpan.FromMilliseconds(50); break;
            case "ConsentTimeout": relay.ConsentTimeout = relay.CheckInterval; break;
            case "MaxRelays": relay.MaxRelays = 0; break;
            case "MaxSrtpStreams": relay.MaxSrtpStreams = 1; break;
        }

        Assert.StartsWith(named + " ", options.Validate());
    }
}
