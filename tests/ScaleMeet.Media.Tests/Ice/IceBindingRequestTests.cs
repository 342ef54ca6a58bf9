using System.Buffers.Binary;
using System.Net;
using System.Text;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Stun;
using ScaleMeet.Media.Tests.Stun;

namespace ScaleMeet.Media.Tests.Ice;

public class IceBindingRequestTests
{
    private static readonly byte[] TransactionId = Hex.Parse("0102030405060708090a0b0c");
    private const string Password = "abcdefghijklmnopqrstuvwx";

    [Fact]
    public void Write_UseCandidate_ByteExactAgainstIndependentOracle()
    {
        var buffer = new byte[256];

        int written = IceBindingRequest.Write(buffer, TransactionId, "brdg", "cli1", Password, 0x6e0001ff, 0x0102030405060708, useCandidate: true);

        // HMAC and CRC computed independently (Python hmac/hashlib/zlib) from the same fields.
        byte[] expected = Hex.Parse(
            "0001 0048" +                                   // Binding request, length 72
            "2112a442" +                                    // magic cookie
            "0102030405060708090a0b0c" +                    // transaction id
            "0006 0009 627264673a636c6931 000000" +         // USERNAME "brdg:cli1" + 3 padding bytes
            "0024 0004 6e0001ff" +                          // PRIORITY
            "802a 0008 0102030405060708" +                  // ICE-CONTROLLING tiebreaker
            "0025 0000" +                                   // USE-CANDIDATE
            "0008 0014 718da6b1b38810f6fb3477796e9ff3985d08b8db" + // MESSAGE-INTEGRITY
            "8028 0004 f2cfe5de");                          // FINGERPRINT
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_ThenParse_EveryAttributePresentAndVerified(bool useCandidate)
    {
        var buffer = new byte[256];
        int written = IceBindingRequest.Write(buffer, TransactionId, "bridgeUf", "peer", Password, 1234567, 0xfeedfacecafebeef, useCandidate);

        Assert.True(StunPacket.TryParse(buffer.AsSpan(0, written), out StunPacket message));
        Assert.Equal(StunClass.Request, message.Class);
        Assert.True(message.TryGetAttribute(StunAttributeType.Username, out ReadOnlySpan<byte> username));
        Assert.Equal("bridgeUf:peer", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetAttribute(StunAttributeType.Priority, out ReadOnlySpan<byte> priority));
        Assert.Equal(1234567u, BinaryPrimitives.ReadUInt32BigEndian(priority));
        Assert.True(message.TryGetAttribute(StunAttributeType.IceControlling, out ReadOnlySpan<byte> tieBreaker));
        Assert.Equal(0xfeedfacecafebeef, BinaryPrimitives.ReadUInt64BigEndian(tieBreaker));
        Assert.Equal(useCandidate, message.TryGetAttribute(StunAttributeType.UseCandidate, out _));
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(Password)));
        Assert.True(message.VerifyFingerprint());

        // What the bridge's demultiplexer reads from it.
        Assert.True(StunMessage.TryGetUsername(buffer.AsSpan(0, written), out string local, out string remote));
        Assert.Equal("bridgeUf", local);
        Assert.Equal("peer", remote);
    }

    [Fact]
    public void Write_DestinationTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => IceBindingRequest.Write(new byte[60], TransactionId, "a", "b", Password, 1, 1, true));
    }

    [Fact]
    public void Write_TransactionIdNotTwelveBytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => IceBindingRequest.Write(new byte[256], new byte[16], "a", "b", Password, 1, 1, false));
    }

    [Fact]
    public void TryParseSuccess_Rfc5769IPv4Response_MappedAddress()
    {
        Assert.True(IceBindingRequest.TryParseSuccess(Rfc5769.IPv4Response, Rfc5769.TransactionId, Rfc5769.Password, out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(Rfc5769.MappedIPv4, Rfc5769.MappedPort), mapped);
    }

    [Fact]
    public void TryParseSuccess_Rfc5769IPv6Response_MappedAddress()
    {
        Assert.True(IceBindingRequest.TryParseSuccess(Rfc5769.IPv6Response, Rfc5769.TransactionId, Rfc5769.Password, out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(Rfc5769.MappedIPv6, Rfc5769.MappedPort), mapped);
    }

    [Fact]
    public void TryParseSuccess_WrongPassword_False()
    {
        Assert.False(IceBindingRequest.TryParseSuccess(Rfc5769.IPv4Response, Rfc5769.TransactionId, "VOkJxbRl1RmTxUk/WvJxBT", out _));
    }

    [Fact]
    public void TryParseSuccess_OtherTransaction_False()
    {
        byte[] other = Rfc5769.TransactionId;
        other[11] ^= 1;

        Assert.False(IceBindingRequest.TryParseSuccess(Rfc5769.IPv4Response, other, Rfc5769.Password, out _));
    }

    [Fact]
    public void TryParseSuccess_ARequest_False()
    {
        Assert.False(IceBindingRequest.TryParseSuccess(Rfc5769.Request, Rfc5769.TransactionId, Rfc5769.Password, out _));
    }

    [Fact]
    public void TryParseSuccess_NoFingerprint_False()
    {
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.SuccessResponse, TransactionId);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Loopback, 1));
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(Password));
        Assert.True(writer.TryComplete(out int written));

        Assert.False(IceBindingRequest.TryParseSuccess(buffer.AsSpan(0, written), TransactionId, Password, out _));
    }
}
