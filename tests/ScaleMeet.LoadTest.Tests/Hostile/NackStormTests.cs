using ScaleMeet.LoadTest.Hostile;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.LoadTest.Tests.Hostile;

/// <summary>The NACK storm is valid RTCP that names the recent packets many times over.</summary>
public sealed class NackStormTests
{
    [Fact]
    public void Write_1144Bytes_26NackPacketsOf8ItemsCoveringTheSpanRepeatedly()
    {
        var buffer = new byte[1500];

        var length = NackStorm.Write(buffer, 0x1111, 0x2222, newest: 10, span: 512, length: 1144);

        Assert.Equal(1144, length);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        var named = new List<ushort>();
        var packets = 0;
        while (reader.TryNext(out _, out var packet))
        {
            Assert.True(GenericNack.TryParse(packet, out var nack));
            Assert.Equal((0x1111u, 0x2222u, 8), (nack.SenderSsrc, nack.MediaSsrc, nack.ItemCount));
            var lost = new ushort[8 * 17];
            named.AddRange(lost[..nack.CopyLostSequenceNumbers(lost)]);
            packets++;
        }

        Assert.False(reader.Malformed);
        Assert.Equal(26, packets);
        Assert.Equal(26 * 8 * 17, named.Count);

        // 30 items of 17 (510 numbers) ending at the newest, wrapping below 0; 208 items over 30: each named 6 or 7 times.
        var distinct = named.Distinct().ToHashSet();
        Assert.Equal(30 * 17, distinct.Count);
        Assert.Contains((ushort)10, distinct);
        Assert.Contains(unchecked((ushort)(10 - 509)), distinct);
        Assert.DoesNotContain((ushort)11, distinct);
        Assert.All(named.GroupBy(n => n), g => Assert.InRange(g.Count(), 6, 7));
    }

    [Fact]
    public void Write_RoomForLessThanOnePacket_WritesNothing()
    {
        Assert.Equal(0, NackStorm.Write(new byte[43], 1, 2, 100, 512, 1144));
        Assert.Equal(NackStorm.PacketLength, NackStorm.Write(new byte[1500], 1, 2, 100, 512, NackStorm.PacketLength + 10));
    }
}
