using ScaleMeet.Server;

namespace ScaleMeet.Focus.Tests.Server;

public sealed class CommandLineTests
{
    [Fact]
    public void TryParse_AllFlags_MapToSettingKeys()
    {
        string[] args =
        [
            "--http-port", "9000", "--https-port=9443", "--bind", "0.0.0.0", "--udp-port", "10001",
            "--certificate", "c.pem", "--certificate-key", "k.pem", "--advertise-ip", "192.0.2.1,192.0.2.2", "--advertise-ip", "2001:db8::1",
        ];

        Assert.True(CommandLine.TryParse(args, out var result, out var error), error);

        Assert.False(result!.Help);
        Assert.Equal("9000", result.Settings["ScaleMeet:Http:Port"]);
        Assert.Equal("9443", result.Settings["ScaleMeet:Http:HttpsPort"]);
        Assert.Equal("0.0.0.0", result.Settings["ScaleMeet:Http:BindAddress"]);
        Assert.Equal("10001", result.Settings["ScaleMeet:Bridge:UdpPort"]);
        Assert.Equal("c.pem", result.Settings["ScaleMeet:Http:CertificatePath"]);
        Assert.Equal("k.pem", result.Settings["ScaleMeet:Http:CertificateKeyPath"]);
        Assert.Equal(["192.0.2.1", "192.0.2.2", "2001:db8::1"], result.AdvertiseAddresses);
    }

    [Theory]
    [InlineData(new string[0], "AllInOne")]
    [InlineData(new[] { "focus", "--control-secret", "0123456789abcdef" }, "Focus")]
    [InlineData(new[] { "bridge", "--focus", "http://a:1" }, "Bridge")]
    public void TryParse_FirstArgument_IsTheRole(string[] args, string role)
    {
        Assert.True(CommandLine.TryParse(args, out var result, out var error), error);

        Assert.Equal(role, result!.Role.ToString());
    }

    [Fact]
    public void TryParse_BridgeFlags_MapToSettingKeysAndFocusesInOrder()
    {
        string[] args = ["bridge", "--control-secret", "0123456789abcdef", "--focus", "http://a:1", "--focus=https://b:2", "--region", "eu", "--bridge-id", "b7", "--relay-port", "4100"];

        Assert.True(CommandLine.TryParse(args, out var result, out var error), error);

        Assert.Equal("4100", result!.Settings["ScaleMeet:Bridge:Relay:Port"]);
        Assert.Equal("0123456789abcdef", result!.Settings["ScaleMeet:Control:Secret"]);
        Assert.Equal("eu", result.Settings["ScaleMeet:Bridge:Region"]);
        Assert.Equal("b7", result.Settings["ScaleMeet:Bridge:Id"]);
        Assert.Equal(["http://a:1", "https://b:2"], result.FocusUrls);
    }

    [Fact]
    public void TryParse_SelfSignedAndNothingElse_OnlyThatSetting()
    {
        Assert.True(CommandLine.TryParse(["--self-signed"], out var result, out _));

        Assert.Equal("true", Assert.Single(result!.Settings).Value);
        Assert.Null(result.AdvertiseAddresses);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void TryParse_Help_HelpEvenWithOtherFlags(string flag)
    {
        Assert.True(CommandLine.TryParse(["--udp-port", "1", flag, "--bogus"], out var result, out _));

        Assert.True(result!.Help);
    }

    [Theory]
    [InlineData("--http-port abc", "'--http-port': 'abc' is not a port number")]
    [InlineData("--http-port 70000", "'--http-port': '70000' is not a port number")]
    [InlineData("--http-port -1", "'--http-port': '-1' is not a port number")]
    [InlineData("--udp-port 0", "'--udp-port': '0' is not a port number (1-65535)")]
    [InlineData("--https-port", "option '--https-port' needs a value")]
    [InlineData("--bind --http-port 1", "option '--bind' needs a value")]
    [InlineData("--certificate=", "option '--certificate' needs a value")]
    [InlineData("--advertise-ip 192.0.2.1,nope", "'--advertise-ip': 'nope' is not an IP address")]
    [InlineData("--port 80", "unknown option '--port'")]
    [InlineData("--self-signed=yes", "unknown option '--self-signed=yes'")]
    [InlineData("bridges", "unexpected argument 'bridges'")]
    [InlineData("--http-port 1 bridge", "unexpected argument 'bridge'")]
    [InlineData("bridge --focus", "option '--focus' needs a value")]
    public void TryParse_Bad_ErrorNamesTheFlag(string commandLine, string expected)
    {
        Assert.False(CommandLine.TryParse(commandLine.Split(' '), out var result, out var error));

        Assert.Null(result);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
