using System.Text;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Tests.Stun;

public class StunPacketTests
{
    private static readonly byte[] TransactionId = Hex.Parse("0102030405060708090a0b0c");

    [Fact]
    public void TryParse_HeaderOnly_Accepted()
    {
        byte[] packet = Hex.Parse(
            "0001 0000" +                  // Binding request, length 0
            "2112a442" +                   // magic cookie
            "0102030405060708090a0b0c");   // transaction id

        Assert.True(StunPacket.TryParse(packet, out StunPacket message));
        Assert.Equal(StunClass.Request, message.Class);
        Assert.False(message.HasMessageIntegrity);
        Assert.False(message.HasFingerprint);
        Assert.False(message.VerifyFingerprint());
        Assert.False(message.VerifyMessageIntegrity("x"u8));
    }

    [Theory]
    [InlineData("4001 0000 2112a442 0102030405060708090a0b0c")]              // top bits not zero
    [InlineData("0001 0000 2112a443 0102030405060708090a0b0c")]              // wrong magic cookie
    [InlineData("0001 0002 2112a442 0102030405060708090a0b0c 0000")]         // length not a multiple of 4
    [InlineData("0001 0004 2112a442 0102030405060708090a0b0c")]              // length says 4, nothing follows
    [InlineData("0001 0000 2112a442 0102030405060708090a0b0c 00060000")]     // 4 bytes more than the length says
    [InlineData("0001 0000 2112a442 0102030405060708090a0b")]                // short header
    [InlineData("0001 0004 2112a442 0102030405060708090a0b0c 00060004")]     // attribute value overruns
    [InlineData("0001 0008 2112a442 0102030405060708090a0b0c 00060005 6162 6364")] // padding overruns
    [InlineData("0001 000c 2112a442 0102030405060708090a0b0c 80280004 00000000 00060000")] // FINGERPRINT not last
    [InlineData("0001 0008 2112a442 0102030405060708090a0b0c 80280002 00000000")]          // FINGERPRINT of 2 bytes
    [InlineData("0001 0014 2112a442 0102030405060708090a0b0c 00080010 00000000 00000000 00000000 00000000")] // MI of 16 bytes
    public void TryParse_MalformedHeaderOrAttributes_Rejected(string hex)
    {
        Assert.False(StunPacket.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void TryGetAttribute_AfterMessageIntegrity_Ignored()
    {
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.Request, TransactionId);
        writer.AddString(StunAttributeType.Username, "a:b");
        writer.AddMessageIntegrity("pwd"u8);
        writer.AddUInt32(StunAttributeType.Priority, 7); // not covered by the integrity: must be ignored (RFC 8489 §14.5)
        writer.AddFingerprint();
        Assert.True(writer.TryComplete(out int written));

        Assert.True(StunPacket.TryParse(buffer.AsSpan(0, written), out StunPacket message));
        Assert.True(message.TryGetAttribute(StunAttributeType.Username, out _));
        Assert.False(message.TryGetAttribute(StunAttributeType.Priority, out _));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity("pwd"u8)); // its adjusted length field ends at MESSAGE-INTEGRITY
    }

    [Fact]
    public void TryGetAttribute_Duplicate_FirstWins()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.Request, TransactionId);
        writer.AddUInt32(StunAttributeType.Priority, 1);
        writer.AddUInt32(StunAttributeType.Priority, 2);
        Assert.True(writer.TryComplete(out int written));

        Assert.True(StunPacket.TryParse(buffer.AsSpan(0, written), out StunPacket message));
        Assert.True(message.TryGetAttribute(StunAttributeType.Priority, out ReadOnlySpan<byte> value));
        Assert.Equal(1, value[3]);
    }

    [Fact]
    public void Attributes_Enumerated_InOrderWithOffsetsAndUnpaddedValues()
    {
        Assert.True(StunPacket.TryParse(Rfc5769.Request, out StunPacket message));
        var seen = new List<(ushort Type, int Length, int Offset)>();
        foreach (StunAttribute attribute in message.Attributes)
        {
            seen.Add((attribute.Type, attribute.Value.Length, attribute.Offset));
        }

        // Everything before MESSAGE-INTEGRITY: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME (9 bytes + 3 padding).
        Assert.Equal(
            [(StunAttributeType.Software, 16, 20), (StunAttributeType.Priority, 4, 40),
             (StunAttributeType.IceControlled, 8, 48), (StunAttributeType.Username, 9, 60)],
            seen);
    }

    [Fact]
    public void MessageIntegrity_WithoutFingerprint_Verifies()
    {
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.Request, TransactionId);
        writer.AddString(StunAttributeType.Username, "ufrag:other");
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes("secret"));
        Assert.True(writer.TryComplete(out int written));

        Assert.True(StunPacket.TryParse(buffer.AsSpan(0, written), out StunPacket message));
        Assert.True(message.VerifyMessageIntegrity("secret"u8));
        Assert.False(message.VerifyMessageIntegrity("secreT"u8));
    }

    [Fact]
    public void MessageIntegrity_LargeMessage_VerifiesThroughPooledCopy()
    {
        var buffer = new byte[4096];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.Request, TransactionId);
        writer.AddBytes(StunAttributeType.Software, new byte[2000]);
        writer.AddMessageIntegrity("k"u8);
        writer.AddFingerprint();
        Assert.True(writer.TryComplete(out int written));

        Assert.True(StunPacket.TryParse(buffer.AsSpan(0, written), out StunPacket message));
        Assert.True(message.VerifyMessageIntegrity("k"u8));
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(0x0001, (int)StunClass.Request, 0x0001)]
    [InlineData(0x0001, (int)StunClass.Indication, 0x0011)]
    [InlineData(0x0001, (int)StunClass.SuccessResponse, 0x0101)]
    [InlineData(0x0001, (int)StunClass.ErrorResponse, 0x0111)]
    [InlineData(0x0FFF, (int)StunClass.ErrorResponse, 0x3FFF)]
    public void MessageType_Encoded_MatchesRfc8489Figure3(ushort method, int classBits, ushort type)
    {
        var stunClass = (StunClass)classBits;
        Assert.Equal(type, StunMessageType.Encode(method, stunClass));
        Assert.Equal(method, StunMessageType.GetMethod(type));
        Assert.Equal(stunClass, StunMessageType.GetClass(type));
    }

    [Fact]
    public void MessageType_EveryMethodAndClass_RoundTrips()
    {
        for (ushort method = 0; method < 0x1000; method++)
        {
            for (int c = 0; c < 4; c++)
            {
                ushort type = StunMessageType.Encode(method, (StunClass)c);
                Assert.True(type < 0x4000);
                Assert.Equal(method, StunMessageType.GetMethod(type));
                Assert.Equal((StunClass)c, StunMessageType.GetClass(type));
            }
        }
    }
}
