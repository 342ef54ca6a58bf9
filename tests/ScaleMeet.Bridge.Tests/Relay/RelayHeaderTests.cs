using ScaleMeet.Bridge.Relay;

namespace ScaleMeet.Bridge.Tests.Relay;

public sealed class RelayHeaderTests
{
    [Theory]
    [InlineData("40000001" + "80", 0x0000001u)] // marker 0100, id 1, then an RTP first byte
    [InlineData("4FFFFFFF" + "00", 0x0FFFFFFFu)] // the largest id, then a STUN first byte
    [InlineData("41234567" + "81", 0x1234567u)]
    public void TryRead_MarkedHeader_GivesTheId(string hex, uint id)
    {
        Assert.True(RelayHeader.TryRead(Convert.FromHexString(hex), out var read));
        Assert.Equal(id, read);
    }

    [Theory]
    [InlineData("40000001")] // a header and nothing after it
    [InlineData("400000")] // shorter than a header
    [InlineData("")]
    [InlineData("3000000180")] // first nibble 0011: not a relay datagram
    [InlineData("8000000180")] // RTP, no header
    [InlineData("0001000880")] // STUN, no header
    public void TryRead_NotARelayDatagram_False(string hex)
    {
        Assert.False(RelayHeader.TryRead(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void Write_ThenTryRead_RoundTripsEveryBitOfTheId()
    {
        var buffer = new byte[5];
        foreach (var id in new uint[] { 1, 0x0AAAAAAA, 0x05555555, RelayHeader.MaxId })
        {
            RelayHeader.Write(buffer, id);
            Assert.Equal(0x40, buffer[0] & 0xF0);
            Assert.True(RelayHeader.TryRead(buffer, out var read));
            Assert.Equal(id, read);
        }
    }
}
