using System.Buffers.Binary;
using System.Net;
using System.Text;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Tests.Stun;

/// <summary>RFC 5769 §2.1-2.3: parse every field, verify both checks, write the same bytes back.</summary>
public class Rfc5769VectorTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Rfc5769.Password);

    [Fact]
    public void SampleRequest_Parsed_EveryFieldAndBothChecksMatch()
    {
        byte[] packet = Rfc5769.Request;

        Assert.True(StunPacket.TryParse(packet, out StunPacket message));
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunMessageType.BindingMethod, message.Method);
        Assert.Equal(Rfc5769.TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal(Rfc5769.RequestSoftware, Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetAttribute(StunAttributeType.Priority, out ReadOnlySpan<byte> priority));
        Assert.Equal(Rfc5769.Priority, BinaryPrimitives.ReadUInt32BigEndian(priority));
        Assert.True(message.TryGetAttribute(StunAttributeType.IceControlled, out ReadOnlySpan<byte> tieBreaker));
        Assert.Equal(Rfc5769.IceControlledTieBreaker, BinaryPrimitives.ReadUInt64BigEndian(tieBreaker));
        Assert.True(message.TryGetAttribute(StunAttributeType.Username, out ReadOnlySpan<byte> username));
        Assert.Equal(Rfc5769.Username, Encoding.UTF8.GetString(username));
        Assert.Equal(76, message.MessageIntegrityOffset);
        Assert.Equal(100, message.FingerprintOffset);
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void SampleRequest_WrongPassword_IntegrityFails()
    {
        Assert.True(StunPacket.TryParse(Rfc5769.Request, out StunPacket message));

        Assert.False(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBu")));
    }

    [Fact]
    public void SampleRequest_WrittenFromItsFields_ByteExact()
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.Request, Rfc5769.TransactionId, padding: 0x20);
        writer.AddString(StunAttributeType.Software, Rfc5769.RequestSoftware);
        writer.AddUInt32(StunAttributeType.Priority, Rfc5769.Priority);
        writer.AddUInt64(StunAttributeType.IceControlled, Rfc5769.IceControlledTieBreaker);
        writer.AddString(StunAttributeType.Username, Rfc5769.Username);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();

        Assert.True(writer.TryComplete(out int written));
        Assert.Equal(Hex.Format(Rfc5769.Request), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void IPv4Response_Parsed_MappedAddressAndBothChecksMatch()
    {
        Assert.True(StunPacket.TryParse(Rfc5769.IPv4Response, out StunPacket message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(StunMessageType.BindingMethod, message.Method);
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal(Rfc5769.ResponseSoftware, Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value));
        Assert.True(StunXorMappedAddress.TryParse(value, message.TransactionId, out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(Rfc5769.MappedIPv4, Rfc5769.MappedPort), mapped);
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void IPv6Response_Parsed_MappedAddressAndBothChecksMatch()
    {
        Assert.True(StunPacket.TryParse(Rfc5769.IPv6Response, out StunPacket message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value));
        Assert.True(StunXorMappedAddress.TryParse(value, message.TransactionId, out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(Rfc5769.MappedIPv6, Rfc5769.MappedPort), mapped);
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Responses_WrittenFromTheirFields_ByteExact(bool ipv6)
    {
        byte[] expected = ipv6 ? Rfc5769.IPv6Response : Rfc5769.IPv4Response;
        var mapped = new IPEndPoint(ipv6 ? Rfc5769.MappedIPv6 : Rfc5769.MappedIPv4, Rfc5769.MappedPort);
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.SuccessResponse, Rfc5769.TransactionId, padding: 0x20);
        writer.AddString(StunAttributeType.Software, Rfc5769.ResponseSoftware);
        writer.AddXorMappedAddress(mapped);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();

        Assert.True(writer.TryComplete(out int written));
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void Vectors_PublicHelpers_RecognizeStunAndReadUsername()
    {
        Assert.True(StunMessage.IsStun(Rfc5769.Request));
        Assert.True(StunMessage.IsStun(Rfc5769.IPv4Response));
        Assert.True(StunMessage.IsStun(Rfc5769.IPv6Response));

        Assert.True(StunMessage.TryGetUsername(Rfc5769.Request, out string local, out string remote));
        Assert.Equal("evtj", local);
        Assert.Equal("h6vY", remote);
        Assert.False(StunMessage.TryGetUsername(Rfc5769.IPv4Response, out _, out _)); // a response, not a request
    }
}
