using System.Text;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Tests.Rtp;

namespace ScaleMeet.Media.Tests.Rtcp;

public class SdesByeTests
{
    [Fact]
    public void Sdes_Parse_ReadsChunksAndCnames()
    {
        Assert.True(Sdes.TryParse(RtcpVectors.Sdes, out var sdes));
        Assert.Equal(2, sdes.ChunkCount);
        var chunks = new List<(uint, string)>();
        foreach (var chunk in sdes)
        {
            chunks.Add((chunk.Ssrc, Encoding.UTF8.GetString(chunk.Cname)));
        }

        Assert.Equal([(0x12345678u, "abcdefghijklmnop"), (0x9abcdef0u, "user@host1")], chunks);
    }

    [Fact]
    public void Sdes_Write_MatchesVector()
    {
        var buffer = new byte[64];
        var writer = new SdesWriter(buffer);
        Assert.True(writer.TryAddChunk(0x12345678, "abcdefghijklmnop"u8));
        Assert.True(writer.TryAddChunk(0x9abcdef0, "user@host1"u8));
        var written = writer.Finish();
        Assert.Equal(Hex.Format(RtcpVectors.Sdes), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void Sdes_WriteSingleCname_ParsesBack()
    {
        var buffer = new byte[32];
        Assert.True(Sdes.TryWrite(buffer, 7, "abcd"u8, out var written));
        Assert.Equal(Hex.Format(Hex.Parse("""
            81 ca 00 03 // SC=1 PT=202 length 3 -> 16 bytes
            00 00 00 07 // SSRC 7
            01 04 61 62 63 64 // CNAME "abcd"
            00 00       // END + 1 zero byte
            """)), Hex.Format(buffer.AsSpan(0, written)));
        Assert.False(Sdes.TryWrite(new byte[15], 7, "abcd"u8, out _));
        Assert.False(Sdes.TryWrite(buffer, 7, [], out _));
    }

    [Fact]
    public void Sdes_OtherItems_SkippedForCnameAndEnumerable()
    {
        Assert.True(Sdes.TryParse(RtcpVectors.SdesWithOtherItems, out var sdes));
        var enumerator = sdes.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        var chunk = enumerator.Current;
        Assert.Equal(42u, chunk.Ssrc);
        Assert.Equal("x", Encoding.UTF8.GetString(chunk.Cname));
        var items = new List<(byte, string)>();
        foreach (var item in chunk.EnumerateItems())
        {
            items.Add((item.Type, Hex.Format(item.Value)));
        }

        Assert.Equal([(2, "626f62"), (1, "78"), (8, "010203")], items);
        Assert.False(enumerator.MoveNext());
    }

    [Theory]
    [InlineData("81 ca 00 02 00 00 00 01 01 02 61 62")]             // no END byte
    [InlineData("81 ca 00 02 00 00 00 01 01 09 61 62")]             // item longer than the packet
    [InlineData("82 ca 00 02 00 00 00 01 00 00 00 00")]             // SC=2, one chunk
    [InlineData("81 ca 00 01 00 00 00 01")]                         // chunk without any item or END
    public void Sdes_Malformed_Rejected(string hex) => Assert.False(Sdes.TryParse(Hex.Parse(hex), out _));

    [Fact]
    public void Bye_Parse_ReadsSourcesAndReason()
    {
        Assert.True(Bye.TryParse(RtcpVectors.ByeWithReason, out var bye));
        Assert.Equal(1, bye.SsrcCount);
        Assert.Equal(0x12345678u, bye.GetSsrc(0));
        Assert.Equal("shutdown", Encoding.UTF8.GetString(bye.Reason));

        Assert.True(Bye.TryParse(RtcpVectors.ByeTwoSources, out var two));
        Assert.Equal(2, two.SsrcCount);
        Assert.Equal(1u, two.GetSsrc(0));
        Assert.Equal(2u, two.GetSsrc(1));
        Assert.True(two.Reason.IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            Bye.TryParse(RtcpVectors.ByeTwoSources, out var again);
            return again.GetSsrc(2);
        });
    }

    [Fact]
    public void Bye_Write_MatchesVectors()
    {
        var buffer = new byte[32];
        Assert.True(Bye.TryWrite(buffer, [0x12345678], "shutdown"u8, out var written));
        Assert.Equal(Hex.Format(RtcpVectors.ByeWithReason), Hex.Format(buffer.AsSpan(0, written)));
        Assert.True(Bye.TryWrite(buffer, [1, 2], [], out written));
        Assert.Equal(Hex.Format(RtcpVectors.ByeTwoSources), Hex.Format(buffer.AsSpan(0, written)));
        Assert.False(Bye.TryWrite(new byte[19], [0x12345678], "shutdown"u8, out _));
    }

    [Theory]
    [InlineData("82 cb 00 01 00 00 00 01")]             // SC=2, one SSRC
    [InlineData("81 cb 00 02 00 00 00 01 08 61 62 00")] // reason length 8, 3 bytes present
    public void Bye_Malformed_Rejected(string hex) => Assert.False(Bye.TryParse(Hex.Parse(hex), out _));

    [Fact]
    public void SdesBye_Truncated_Rejected()
    {
        Mutations.AssertPrefixesRejected(RtcpVectors.Sdes, b => Sdes.TryParse(b, out _), RtcpVectors.Sdes.Length);
        Mutations.AssertPrefixesRejected(RtcpVectors.ByeWithReason, b => Bye.TryParse(b, out _), RtcpVectors.ByeWithReason.Length);
    }

    [Fact]
    public void Sdes_RandomizedMalformedInput_NeverThrows()
    {
        var accepted = Mutations.Run(31, RtcpVectors.All, bytes =>
        {
            if (!Sdes.TryParse(bytes, out var sdes))
            {
                return false;
            }

            var chunks = 0;
            foreach (var chunk in sdes)
            {
                chunks++;
                _ = chunk.Cname.Length;
                foreach (var item in chunk.EnumerateItems())
                {
                    Assert.NotEqual(0, item.Type);
                }
            }

            Assert.Equal(sdes.ChunkCount, chunks);
            return true;
        });
        Assert.InRange(accepted, 1, 4999);
    }

    [Fact]
    public void Bye_RandomizedMalformedInput_NeverThrows()
    {
        var accepted = Mutations.Run(32, RtcpVectors.All, bytes =>
        {
            if (!Bye.TryParse(bytes, out var bye))
            {
                return false;
            }

            for (var i = 0; i < bye.SsrcCount; i++)
            {
                _ = bye.GetSsrc(i);
            }

            _ = bye.Reason.Length;
            return true;
        });
        Assert.InRange(accepted, 1, 4999);
    }
}
