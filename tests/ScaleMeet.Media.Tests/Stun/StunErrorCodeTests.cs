using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Tests.Stun;

public class StunErrorCodeTests
{
    [Theory]
    [InlineData(400, "Bad Request", "00000400" + "42616420526571756573 74")]
    [InlineData(401, "Unauthenticated", "00000401" + "556e61757468656e74696361746564")]
    [InlineData(487, "Role Conflict", "00000457" + "526f6c6520436f6e666c696374")]
    [InlineData(300, "", "00000300")]
    [InlineData(699, "x", "00000663" + "78")]
    public void TryWrite_ThenTryParse_ExactBytesAndRoundTrip(int code, string reason, string expectedHex)
    {
        var value = new byte[64];

        Assert.True(StunErrorCode.TryWrite(value, code, reason, out int written));
        Assert.Equal(Hex.Format(Hex.Parse(expectedHex)), Hex.Format(value.AsSpan(0, written)));
        Assert.True(StunErrorCode.TryParse(value.AsSpan(0, written), out int parsedCode, out string? parsedReason));
        Assert.Equal(code, parsedCode);
        Assert.Equal(reason, parsedReason);
    }

    [Theory]
    [InlineData("000002 00")]           // class 2
    [InlineData("000007 00")]           // class 7
    [InlineData("000004 64")]           // number 100
    [InlineData("000004")]              // too short
    [InlineData("00000401 ff fe")]      // reason not UTF-8
    public void TryParse_Malformed_Rejected(string hex)
    {
        Assert.False(StunErrorCode.TryParse(Hex.Parse(hex), out _, out _));
    }

    [Fact]
    public void TryParse_ReservedBitsSet_Ignored()
    {
        Assert.True(StunErrorCode.TryParse(Hex.Parse("fffffc04"), out int code, out _));
        Assert.Equal(404, code);
    }

    [Theory]
    [InlineData(299)]
    [InlineData(700)]
    public void TryWrite_CodeOutOfRange_False(int code)
    {
        Assert.False(StunErrorCode.TryWrite(new byte[64], code, "r", out _));
    }
}
