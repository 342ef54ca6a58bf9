using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Media.Tests.Rtp;

public class SequenceNumberTests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(0, 65535, true)]       // across the wrap
    [InlineData(65535, 0, false)]
    [InlineData(5, 5, false)]
    [InlineData(0x7FFF, 0, true)]      // just under half the space ahead
    [InlineData(0x8000, 0, true)]      // exactly half: the larger number is newer
    [InlineData(0, 0x8000, false)]
    [InlineData(0x8001, 0, false)]     // more than half ahead means behind
    [InlineData(10, 65530, true)]
    public void IsNewer_Pairs_MatchSerialNumberOrder(int a, int b, bool expected) =>
        Assert.Equal(expected, SequenceNumber.IsNewer((ushort)a, (ushort)b));

    [Theory]
    [InlineData(100, 50, 50)]
    [InlineData(50, 100, -50)]
    [InlineData(0, 65535, 1)]
    [InlineData(65535, 0, -1)]
    [InlineData(5, 65530, 11)]
    [InlineData(0x8000, 0, -32768)]
    [InlineData(0x7FFF, 0, 32767)]
    public void Diff_Pairs_ReturnShortSignedDistance(int a, int b, int expected) =>
        Assert.Equal(expected, SequenceNumber.Diff((ushort)a, (ushort)b));

    [Theory]
    [InlineData(0u, 0xFFFFFFFFu, true)]
    [InlineData(0xFFFFFFFFu, 0u, false)]
    [InlineData(90000u, 0u, true)]
    [InlineData(0x80000000u, 0u, true)]
    [InlineData(0u, 0x80000000u, false)]
    [InlineData(7u, 7u, false)]
    public void TimestampIsNewer_Pairs_MatchSerialNumberOrder(uint a, uint b, bool expected) =>
        Assert.Equal(expected, RtpTimestamp.IsNewer(a, b));

    [Theory]
    [InlineData(10u, 0xFFFFFFF0u, 26)]
    [InlineData(0xFFFFFFF0u, 10u, -26)]
    [InlineData(3000u, 0u, 3000)]
    public void TimestampDiff_Pairs_ReturnSignedDistance(uint a, uint b, int expected) =>
        Assert.Equal(expected, RtpTimestamp.Diff(a, b));

    [Fact]
    public void Unwrap_InOrderAcrossWrap_CountsOn()
    {
        var unwrapper = new SequenceUnwrapper();
        Assert.Null(unwrapper.Last);
        Assert.Equal(65534, unwrapper.Unwrap(65534));
        Assert.Equal(65535, unwrapper.Unwrap(65535));
        Assert.Equal(65536, unwrapper.Unwrap(0));
        Assert.Equal(65537, unwrapper.Unwrap(1));
        Assert.Equal(65537, unwrapper.Last);
    }

    [Fact]
    public void Unwrap_ReorderedNearWrap_PlacesEachNearestToLast()
    {
        var unwrapper = new SequenceUnwrapper();
        Assert.Equal(65535, unwrapper.Unwrap(65535));
        Assert.Equal(65537, unwrapper.Unwrap(1));
        Assert.Equal(65536, unwrapper.Unwrap(0));      // late, after the wrap
        Assert.Equal(65534, unwrapper.Unwrap(65534));  // late, before the wrap: not a whole cycle ahead
        Assert.Equal(65538, unwrapper.Unwrap(2));
        Assert.Equal(65539, unwrapper.Peek(3));
        Assert.Equal(65538, unwrapper.Last);           // Peek does not move
    }

    [Fact]
    public void Unwrap_OlderThanFirst_GoesBelowZero()
    {
        var unwrapper = new SequenceUnwrapper();
        Assert.Equal(0, unwrapper.Unwrap(0));
        Assert.Equal(-1, unwrapper.Unwrap(65535));
        Assert.Equal(1, unwrapper.Unwrap(1));
    }

    [Fact]
    public void Unwrap_ManyCyclesWithJitter_MatchesTrueCount()
    {
        var random = new Random(7);
        var unwrapper = new SequenceUnwrapper();
        long truth = 40000;
        for (var i = 0; i < 300_000; i++)
        {
            // Forward steps with occasional jumps back of up to 100 (reordering) and gaps of up to 3000 (loss).
            truth += random.Next(10) switch { 0 => -random.Next(1, 100), 1 => random.Next(1, 3000), _ => 1 };
            Assert.Equal(truth, unwrapper.Unwrap((ushort)truth));
        }

        Assert.True(truth > 5 * 65536);
    }
}
