using System.Net;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Tests.Stun;

public class StunWriterTests
{
    private static readonly byte[] TransactionId = Hex.Parse("0102030405060708090a0b0c");

    [Fact]
    public void AddAttributes_ZeroPadding_LengthFieldCountsPaddedAttributes()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.Request, TransactionId);
        writer.AddString(StunAttributeType.Username, "abcde");
        writer.AddFlag(StunAttributeType.UseCandidate);
        Assert.True(writer.TryComplete(out int written));

        byte[] expected = Hex.Parse(
            "0001 0010" +                      // Binding request, length 16
            "2112a442" +                       // magic cookie
            "0102030405060708090a0b0c" +       // transaction id
            "0006 0005 6162636465 000000" +    // USERNAME "abcde" + 3 zero padding bytes
            "0025 0000");                      // USE-CANDIDATE, empty
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void ErrorResponse_RoleConflict_Encoded()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.ErrorResponse, TransactionId);
        writer.AddErrorCode(487, "Role Conflict");
        writer.AddUnknownAttributes([0x7777]);
        Assert.True(writer.TryComplete(out int written));

        byte[] expected = Hex.Parse(
            "0111 0020" +                          // Binding error response, length 32
            "2112a442" +                           // magic cookie
            "0102030405060708090a0b0c" +           // transaction id
            "0009 0011" +                          // ERROR-CODE, 17 bytes
            "0000 04 57" +                         // reserved, class 4, number 87
            "526f6c6520436f6e666c696374 000000" +  // "Role Conflict" + 3 padding bytes
            "000a 0002 7777 0000");                // UNKNOWN-ATTRIBUTES 0x7777 + 2 padding bytes
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void TryComplete_BufferTooSmall_FalseAndNothingThrown()
    {
        for (int size = 0; size < 60; size++)
        {
            var buffer = new byte[size];
            var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.SuccessResponse, TransactionId);
            writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Loopback, 9));
            writer.AddMessageIntegrity("k"u8);
            writer.AddFingerprint();

            bool fits = size >= 20 + 12 + 24 + 8;
            Assert.Equal(fits, writer.TryComplete(out int written));
            Assert.Equal(fits ? 64 : 0, written);
        }
    }

    [Fact]
    public void Constructor_WrongTransactionIdLength_Overflows()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.Request, new byte[11]);
        writer.AddFingerprint();

        Assert.False(writer.TryComplete(out _));
    }

    [Fact]
    public void AddErrorCode_CodeOutOfRange_Overflows()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.ErrorResponse, TransactionId);
        writer.AddErrorCode(700, "nope");

        Assert.False(writer.TryComplete(out _));
    }
}
