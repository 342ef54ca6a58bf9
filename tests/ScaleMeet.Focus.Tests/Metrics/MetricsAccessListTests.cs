using System.Net;
using ScaleMeet.Server;
using ScaleMeet.Server.Metrics;

namespace ScaleMeet.Focus.Tests.Metrics;

/// <summary>Who may read /metrics, and the validation of <c>ScaleMeet:Http:MetricsAllowedNetworks</c>.</summary>
public sealed class MetricsAccessListTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("192.0.2.7", false)]
    [InlineData("::ffff:192.0.2.7", false)]
    [InlineData("2001:db8::1", false)]
    public void Allows_EmptyList_LoopbackOnly(string remote, bool expected)
    {
        var access = MetricsAccessList.Create([]);

        Assert.Equal(expected, access.Allows(IPAddress.Parse(remote)));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("11.0.0.1", false)]
    [InlineData("198.51.100.5", true)]
    [InlineData("198.51.100.6", false)]
    [InlineData("2001:db8:ffff::1", true)]
    [InlineData("2001:db9::1", false)]
    [InlineData("127.0.0.1", true)]
    public void Allows_ConfiguredNetworks_InsideOnly(string remote, bool expected)
    {
        var access = MetricsAccessList.Create(["10.0.0.0/8", " 198.51.100.5 ", "2001:db8::/32"]);

        Assert.Equal(expected, access.Allows(IPAddress.Parse(remote)));
    }

    [Fact]
    public void Allows_UnknownRemote_False()
    {
        Assert.False(MetricsAccessList.Create(["0.0.0.0/0"]).Allows(null));
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("0.0.0.0/0")]
    [InlineData("fd00::/8")]
    [InlineData("192.0.2.1")]
    [InlineData("::1")]
    public void TryParseNetwork_Valid_Accepted(string text)
    {
        Assert.True(MetricsAccessList.TryParseNetwork(text, out _, out var problem), problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("banana")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.1.2.3/8")]
    [InlineData("fd00::/129")]
    public void TryParseNetwork_Invalid_RefusedNamingTheValue(string text)
    {
        Assert.False(MetricsAccessList.TryParseNetwork(text, out _, out var problem));
        Assert.Contains($"'{text}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadNetwork_NamesTheSetting()
    {
        var options = new ServerHttpOptions { MetricsAllowedNetworks = ["10.0.0.0/8", "10.0.0.0/40"] };

        var problem = options.Validate();

        Assert.StartsWith("ScaleMeet:Http:MetricsAllowedNetworks: '10.0.0.0/40' is not a network", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadNetworkSetting_ExitCode2AndOneLine()
    {
        var error = new StringWriter();
        var settings = new Dictionary<string, string?> { ["ScaleMeet:Http:MetricsAllowedNetworks:0"] = "not-a-network" };

        var host = ServerHost.Create(["--http-port", "0"], TextWriter.Null, error, out var exitCode, settings: settings);

        Assert.Null(host);
        Assert.Equal(2, exitCode);
        Assert.StartsWith("scalemeet: error: ScaleMeet:Http:MetricsAllowedNetworks: 'not-a-network'", error.ToString(), StringComparison.Ordinal);
    }
}
