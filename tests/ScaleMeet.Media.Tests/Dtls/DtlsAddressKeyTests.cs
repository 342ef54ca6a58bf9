using System.Net;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Media.Tests.Dtls;

/// <summary>The address by which the pool shares its workers: IPv4 whole, IPv6 by /64, mapped IPv4 as IPv4.</summary>
public sealed class DtlsAddressKeyTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    [InlineData("203.0.113.7", "::ffff:203.0.113.7", true)]       // a dual-stack socket reports IPv4 peers mapped
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true)] // same /64
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]      // next /64
    [InlineData("0.0.0.1", "::1", false)]                          // families never collide
    public void From_TwoAddresses_SameKeyOnlyWithinTheShare(string a, string b, bool same) =>
        Assert.Equal(same, DtlsAddressKey.From(IPAddress.Parse(a)) == DtlsAddressKey.From(IPAddress.Parse(b)));

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    public void ToString_ForLogs_AddressOrPrefix(string address, string expected) =>
        Assert.Equal(expected, DtlsAddressKey.From(IPAddress.Parse(address)).ToString());
}
