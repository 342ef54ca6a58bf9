using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Tests.Rtp;

namespace ScaleMeet.Media.Tests.Rtcp;

public class FeedbackTests
{
    [Fact]
    public void Pli_ParseWrite_RoundTrips()
    {
        Assert.True(Pli.TryParse(RtcpVectors.Pli, out var pli));
        Assert.Equal(1u, pli.SenderSsrc);
        Assert.Equal(0x12345678u, pli.MediaSsrc);
        var buffer = new byte[Pli.Size];
        Assert.True(new Pli(1, 0x12345678).TryWrite(buffer, out var written));
        Assert.Equal(Hex.Format(RtcpVectors.Pli), Hex.Format(buffer.AsSpan(0, written)));
        Assert.False(pli.TryWrite(new byte[11], out _));
    }

    [Theory]
    [InlineData("81 cd 00 02 00 00 00 01 12 34 56 78")] // RTPFB, not PSFB
    [InlineData("84 ce 00 02 00 00 00 01 12 34 56 78")] // FMT 4 (FIR)
    [InlineData("81 ce 00 01 00 00 00 01")]             // media SSRC missing
    public void Pli_Malformed_Rejected(string hex) => Assert.False(Pli.TryParse(Hex.Parse(hex), out _));

    [Fact]
    public void Fir_ParseWrite_RoundTrips()
    {
        Assert.True(Fir.TryParse(RtcpVectors.Fir, out var fir));
        Assert.Equal(1u, fir.SenderSsrc);
        Assert.Equal(0u, fir.MediaSsrc);
        Assert.Equal(2, fir.EntryCount);
        Assert.Equal(0x12345678u, fir.GetEntry(0).Ssrc);
        Assert.Equal(5, fir.GetEntry(0).SequenceNumber);
        Assert.Equal(0x9abcdef0u, fir.GetEntry(1).Ssrc);
        Assert.Equal(255, fir.GetEntry(1).SequenceNumber);

        var buffer = new byte[64];
        Assert.True(Fir.TryWrite(buffer, 1, 0, [new FirEntry(0x12345678, 5), new FirEntry(0x9abcdef0, 255)], out var written));
        Assert.Equal(Hex.Format(RtcpVectors.Fir), Hex.Format(buffer.AsSpan(0, written)));
        Assert.False(Fir.TryWrite(buffer, 1, 0, [], out _));
    }

    [Theory]
    [InlineData("84 ce 00 02 00 00 00 01 00 00 00 00")]                         // no entry
    [InlineData("84 ce 00 03 00 00 00 01 00 00 00 00 12 34 56 78")]             // half an entry
    public void Fir_Malformed_Rejected(string hex) => Assert.False(Fir.TryParse(Hex.Parse(hex), out _));

    [Fact]
    public void Nack_Parse_EnumeratesLostAcrossWrap()
    {
        Assert.True(GenericNack.TryParse(RtcpVectors.Nack, out var nack));
        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(0x12345678u, nack.MediaSsrc);
        Assert.Equal(2, nack.ItemCount);
        Assert.Equal(100, nack.GetItem(0).PacketId);
        Assert.Equal(0x8001, nack.GetItem(0).LostBitmask);
        Assert.Equal(65535, nack.GetItem(1).PacketId);
        Assert.Equal(1, nack.GetItem(1).LostBitmask);
        Assert.Equal(5, nack.LostCount);

        Span<ushort> lost = stackalloc ushort[16];
        var count = nack.CopyLostSequenceNumbers(lost);
        Assert.Equal([100, 101, 116, 65535, 0], lost[..count].ToArray());

        // A destination too small gets a prefix.
        Span<ushort> small = stackalloc ushort[2];
        Assert.Equal(2, nack.CopyLostSequenceNumbers(small));
        Assert.Equal([100, 101], small.ToArray());
    }

    [Fact]
    public void Nack_WriteFromLostList_MatchesVector()
    {
        var buffer = new byte[64];
        Assert.True(GenericNack.TryWrite(buffer, 1, 0x12345678, (ReadOnlySpan<ushort>)[100, 101, 116, 65535, 0], out var written));
        Assert.Equal(Hex.Format(RtcpVectors.Nack), Hex.Format(buffer.AsSpan(0, written)));

        Assert.True(GenericNack.TryWrite(buffer, 1, 0x12345678, [new NackItem(100, 0x8001), new NackItem(65535, 1)], out written));
        Assert.Equal(Hex.Format(RtcpVectors.Nack), Hex.Format(buffer.AsSpan(0, written)));
        Assert.False(GenericNack.TryWrite(buffer, 1, 2, ReadOnlySpan<ushort>.Empty, out _));
        Assert.False(GenericNack.TryWrite(new byte[19], 1, 0x12345678, (ReadOnlySpan<ushort>)[100, 101, 116, 65535, 0], out _));
    }

    [Fact]
    public void NackItem_Build_PacksRunsAndSkipsDuplicates()
    {
        ushort[] lost = [10, 11, 11, 26, 27, 60, 65534, 3];
        Span<NackItem> items = stackalloc NackItem[8];
        var count = NackItem.Build(lost, items);
        Assert.Equal(NackItem.CountItems(lost), count);
        Assert.Equal(4, count);
        Assert.Equal((10, 0x8001), (items[0].PacketId, items[0].LostBitmask)); // 11 (+1), 26 (+16)
        Assert.Equal((27, 0), (items[1].PacketId, items[1].LostBitmask));      // 27 is +17 from 10: new item
        Assert.Equal((60, 0), (items[2].PacketId, items[2].LostBitmask));
        Assert.Equal((65534, 0x10), (items[3].PacketId, items[3].LostBitmask)); // 3 is +5 across the wrap

        Span<ushort> back = stackalloc ushort[17];
        Assert.Equal(3, items[0].CopyLostTo(back));
        Assert.Equal([10, 11, 26], back[..3].ToArray());
        Assert.Equal(2, NackItem.Build(lost, items[..2]));
    }

    [Fact]
    public void Nack_RandomLostSets_RoundTripThroughPacket()
    {
        var random = new Random(5);
        var buffer = new byte[4096];
        Span<ushort> back = stackalloc ushort[1024];
        for (var round = 0; round < 500; round++)
        {
            var start = (ushort)random.Next(65536);
            var lost = new List<ushort>();
            for (var seq = 0; seq < 400; seq++)
            {
                if (random.Next(4) == 0)
                {
                    lost.Add((ushort)(start + seq));
                }
            }

            if (lost.Count == 0)
            {
                continue;
            }

            Assert.True(GenericNack.TryWrite(buffer, 1, 2, lost.ToArray(), out var written));
            Assert.True(GenericNack.TryParse(buffer.AsSpan(0, written), out var nack));
            var count = nack.CopyLostSequenceNumbers(back);
            Assert.Equal(lost, back[..count].ToArray());
        }
    }

    [Theory]
    [InlineData("81 cd 00 02 00 00 00 01 12 34 56 78")]                   // no item
    [InlineData("a1 cd 00 04 00 00 00 01 12 34 56 78 00 64 00 00 00 00 00 02")] // P=1, 2 padding bytes leave 1.5 items
    [InlineData("8f cd 00 03 00 00 00 01 12 34 56 78 00 64 00 00")]       // FMT 15
    public void Nack_Malformed_Rejected(string hex) => Assert.False(GenericNack.TryParse(Hex.Parse(hex), out _));

    [Fact]
    public void Remb_ChromeVector_ParsesAndWritesBack()
    {
        Assert.True(Remb.TryParse(RtcpVectors.Remb, out var remb));
        Assert.Equal(1u, remb.SenderSsrc);
        Assert.Equal(0u, remb.MediaSsrc);
        Assert.Equal(6, remb.Exponent);
        Assert.Equal(139487u, remb.Mantissa);
        Assert.Equal(8927168ul, remb.Bitrate);
        Assert.Equal(1, remb.SsrcCount);
        Assert.Equal(1215622422u, remb.GetSsrc(0));

        var buffer = new byte[64];
        Assert.True(Remb.TryWrite(buffer, 1, 8927168, [1215622422], out var written));
        Assert.Equal(Hex.Format(RtcpVectors.Remb), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Theory]
    [InlineData(0ul, 0, 0u)]
    [InlineData(262143ul, 0, 262143u)]        // largest exact mantissa
    [InlineData(262144ul, 1, 131072u)]
    [InlineData(8927167ul, 6, 139486u)]       // rounds down: 139486 x 64 = 8927104
    [InlineData(ulong.MaxValue, 46, 262143u)]
    public void Remb_Write_EncodesMantissaExponent(ulong bitrate, int exponent, uint mantissa)
    {
        var buffer = new byte[32];
        Assert.True(Remb.TryWrite(buffer, 9, bitrate, [], out var written));
        Assert.Equal(20, written);
        Assert.True(Remb.TryParse(buffer.AsSpan(0, written), out var remb));
        Assert.Equal(exponent, remb.Exponent);
        Assert.Equal(mantissa, remb.Mantissa);
        Assert.Equal(0, remb.SsrcCount);
        Assert.True(remb.Bitrate <= bitrate);
    }

    [Theory]
    [InlineData("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 43 00 00 00 00")] // 'REMC'
    [InlineData("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 01 00 00 00")] // Num SSRC 1, none present
    [InlineData("8f ce 00 03 00 00 00 01 00 00 00 00 52 45 4d 42")]             // no Num/BR word
    [InlineData("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 00 ff ff ff")] // 0x3ffff << 63 overflows 64 bits
    public void Remb_Malformed_Rejected(string hex) => Assert.False(Remb.TryParse(Hex.Parse(hex), out _));

    [Fact]
    public void Feedback_Truncated_Rejected()
    {
        Mutations.AssertPrefixesRejected(RtcpVectors.Pli, b => Pli.TryParse(b, out _), RtcpVectors.Pli.Length);
        Mutations.AssertPrefixesRejected(RtcpVectors.Fir, b => Fir.TryParse(b, out _), RtcpVectors.Fir.Length);
        Mutations.AssertPrefixesRejected(RtcpVectors.Nack, b => GenericNack.TryParse(b, out _), RtcpVectors.Nack.Length);
        Mutations.AssertPrefixesRejected(RtcpVectors.Remb, b => Remb.TryParse(b, out _), RtcpVectors.Remb.Length);
    }

    [Fact]
    public void Pli_RandomizedMalformedInput_NeverThrows() =>
        Assert.InRange(Mutations.Run(41, RtcpVectors.All, b => Pli.TryParse(b, out _)), 1, 4999);

    [Fact]
    public void Fir_RandomizedMalformedInput_NeverThrows() =>
        Assert.InRange(Mutations.Run(42, RtcpVectors.All, b =>
        {
            if (!Fir.TryParse(b, out var fir))
            {
                return false;
            }

            Assert.True(fir.EntryCount > 0);
            for (var i = 0; i < fir.EntryCount; i++)
            {
                _ = fir.GetEntry(i);
            }

            return true;
        }), 1, 4999);

    [Fact]
    public void Nack_RandomizedMalformedInput_NeverThrows()
    {
        var lost = new ushort[4096];
        Assert.InRange(Mutations.Run(43, RtcpVectors.All, b =>
        {
            if (!GenericNack.TryParse(b, out var nack))
            {
                return false;
            }

            Assert.Equal(Math.Min(nack.LostCount, lost.Length), nack.CopyLostSequenceNumbers(lost));
            return true;
        }), 1, 4999);
    }

    [Fact]
    public void Remb_RandomizedMalformedInput_NeverThrows() =>
        Assert.InRange(Mutations.Run(44, RtcpVectors.All, b =>
        {
            if (!Remb.TryParse(b, out var remb))
            {
                return false;
            }

            _ = remb.Bitrate;
            for (var i = 0; i < remb.SsrcCount; i++)
            {
                _ = remb.GetSsrc(i);
            }

            return true;
        }), 1, 4999);
}
