using System.Net;
using System.Net.Sockets;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Tests.Stun;

public class StunXorMappedAddressTests
{
    [Fact]
    public void TryWrite_Rfc5769IPv4_MatchesVectorValue()
    {
        var value = new byte[20];

        Assert.True(StunXorMappedAddress.TryWrite(value, new IPEndPoint(Rfc5769.MappedIPv4, Rfc5769.MappedPort), Rfc5769.TransactionId, out int written));

        Assert.Equal(8, written);
        // reserved, family IPv4, port 32853 ^ 0x2112, 192.0.2.1 ^ 0x2112a442
        Assert.Equal("0001a147e112a643", Hex.Format(value.AsSpan(0, written)));
    }

    [Fact]
    public void TryWrite_Rfc5769IPv6_MatchesVectorValue()
    {
        var value = new byte[20];

        Assert.True(StunXorMappedAddress.TryWrite(value, new IPEndPoint(Rfc5769.MappedIPv6, Rfc5769.MappedPort), Rfc5769.TransactionId, out int written));

        Assert.Equal(20, written);
        // reserved, family IPv6, xor'd port, address ^ (magic cookie | transaction id)
        Assert.Equal("0002a147" + "0113a9faa5d3f179bc25f4b5bed2b9d9", Hex.Format(value.AsSpan(0, written)));
    }

    [Fact]
    public void TryWrite_IPv4MappedIPv6Endpoint_WrittenAsIPv4Family()
    {
        var dualMode = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.1"), Rfc5769.MappedPort);
        var value = new byte[20];

        Assert.True(StunXorMappedAddress.TryWrite(value, dualMode, Rfc5769.TransactionId, out int written));

        Assert.Equal("0001a147e112a643", Hex.Format(value.AsSpan(0, written)));
        Assert.Equal(8, StunXorMappedAddress.GetValueLength(dualMode));
        Assert.True(StunXorMappedAddress.TryParse(value.AsSpan(0, written), Rfc5769.TransactionId, out IPEndPoint? parsed));
        Assert.Equal(AddressFamily.InterNetwork, parsed.AddressFamily);
        Assert.Equal(new IPEndPoint(Rfc5769.MappedIPv4, Rfc5769.MappedPort), parsed);
    }

    [Theory]
    [InlineData("0.0.0.0", 0)]
    [InlineData("255.255.255.255", 65535)]
    [InlineData("::", 1)]
    [InlineData("fe80::1", 5000)]
    [InlineData("2001:db8::ffff:ffff", 65535)]
    public void TryParse_WhatWasWritten_RoundTrips(string address, int port)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(address), port);
        var value = new byte[20];
        byte[] transactionId = Hex.Parse("fedcba987654321000112233");

        Assert.True(StunXorMappedAddress.TryWrite(value, endpoint, transactionId, out int written));
        Assert.True(StunXorMappedAddress.TryParse(value.AsSpan(0, written), transactionId, out IPEndPoint? parsed));

        Assert.Equal(endpoint, parsed);
    }

    [Theory]
    [InlineData("0003a147e112a643")]                          // unknown family
    [InlineData("0001a147e112a6")]                            // IPv4 value too short
    [InlineData("0001a147e112a64300000000")]                  // IPv4 value too long
    [InlineData("0002a147e112a643")]                          // IPv6 family, IPv4 length
    [InlineData("0001a1")]                                    // shorter than family + port
    public void TryParse_Malformed_Rejected(string hex)
    {
        Assert.False(StunXorMappedAddress.TryParse(Hex.Parse(hex), Rfc5769.TransactionId, out _));
    }

    [Fact]
    public void TryWrite_ValueTooSmall_False()
    {
        Assert.False(StunXorMappedAddress.TryWrite(new byte[7], new IPEndPoint(IPAddress.Loopback, 1), Rfc5769.TransactionId, out _));
        Assert.False(StunXorMappedAddress.TryWrite(new byte[19], new IPEndPoint(IPAddress.IPv6Loopback, 1), Rfc5769.TransactionId, out _));
    }
}
