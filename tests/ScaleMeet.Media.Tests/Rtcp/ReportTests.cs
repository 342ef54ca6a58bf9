using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Tests.Rtp;

namespace ScaleMeet.Media.Tests.Rtcp;

public class ReportTests
{
    [Fact]
    public void SenderReport_Parse_ReadsEveryField()
    {
        Assert.True(SenderReport.TryParse(RtcpVectors.SenderReport, out var sr));
        Assert.Equal(0x12345678u, sr.Ssrc);
        Assert.Equal(0xe72f000080000000ul, sr.NtpTimestamp);
        Assert.Equal(0x00008000u, sr.CompactNtp);
        Assert.Equal(123456u, sr.RtpTimestamp);
        Assert.Equal(1000u, sr.PacketCount);
        Assert.Equal(1000000u, sr.OctetCount);
        Assert.Equal(1, sr.ReportCount);
        Assert.True(sr.ProfileExtension.IsEmpty);

        var block = sr.GetReportBlock(0);
        Assert.Equal(0x87654321u, block.Ssrc);
        Assert.Equal(25, block.FractionLost);
        Assert.Equal(-2, block.CumulativeLost);
        Assert.Equal(65578u, block.ExtendedHighestSequenceNumber);
        Assert.Equal(16u, block.Jitter);
        Assert.Equal(0x2f000080u, block.LastSenderReport);
        Assert.Equal(98304u, block.DelaySinceLastSenderReport);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            SenderReport.TryParse(RtcpVectors.SenderReport, out var again);
            return again.GetReportBlock(1);
        });
    }

    [Fact]
    public void SenderReport_Write_MatchesVector()
    {
        SenderReport.TryParse(RtcpVectors.SenderReport, out var sr);
        var buffer = new byte[64];
        Assert.True(SenderReport.TryWrite(buffer, sr.Ssrc, sr.NtpTimestamp, sr.RtpTimestamp, sr.PacketCount,
            sr.OctetCount, [sr.GetReportBlock(0)], out var written));
        Assert.Equal(Hex.Format(RtcpVectors.SenderReport), Hex.Format(buffer.AsSpan(0, written)));
        Assert.False(SenderReport.TryWrite(new byte[51], sr.Ssrc, 0, 0, 0, 0, [sr.GetReportBlock(0)], out _));
        Assert.False(SenderReport.TryWrite(new byte[2048], 1, 0, 0, 0, 0, new ReportBlock[32], out _));
    }

    [Fact]
    public void SenderReport_WithProfileExtension_ExposesIt()
    {
        byte[] packet = [.. RtcpVectors.SenderReport, 0xab, 0xcd, 0xef, 0x01];
        packet[3] = 13; // one more word
        Assert.True(SenderReport.TryParse(packet, out var sr));
        Assert.Equal("abcdef01", Hex.Format(sr.ProfileExtension));
    }

    [Fact]
    public void ReceiverReport_Parse_ReadsEveryField()
    {
        Assert.True(ReceiverReport.TryParse(RtcpVectors.ReceiverReport, out var rr));
        Assert.Equal(1u, rr.Ssrc);
        Assert.Equal(2, rr.ReportCount);

        var first = rr.GetReportBlock(0);
        Assert.Equal(0xaaaaaaaau, first.Ssrc);
        Assert.Equal(0, first.FractionLost);
        Assert.Equal(0, first.CumulativeLost);
        Assert.Equal(65535u, first.ExtendedHighestSequenceNumber);
        Assert.Equal(256u, first.Jitter);
        Assert.Equal(0u, first.LastSenderReport);
        Assert.Equal(0u, first.DelaySinceLastSenderReport);

        var second = rr.GetReportBlock(1);
        Assert.Equal(0xbbbbbbbbu, second.Ssrc);
        Assert.Equal(255, second.FractionLost);
        Assert.Equal(8388607, second.CumulativeLost);
        Assert.Equal(0x00050000u, second.ExtendedHighestSequenceNumber);
        Assert.Equal(0xffffffffu, second.Jitter);
        Assert.Equal(0x12345678u, second.LastSenderReport);
        Assert.Equal(1u, second.DelaySinceLastSenderReport);
    }

    [Fact]
    public void ReceiverReport_Write_MatchesVectors()
    {
        ReceiverReport.TryParse(RtcpVectors.ReceiverReport, out var rr);
        var buffer = new byte[64];
        Assert.True(ReceiverReport.TryWrite(buffer, rr.Ssrc, [rr.GetReportBlock(0), rr.GetReportBlock(1)], out var written));
        Assert.Equal(Hex.Format(RtcpVectors.ReceiverReport), Hex.Format(buffer.AsSpan(0, written)));

        Assert.True(ReceiverReport.TryParse(RtcpVectors.EmptyReceiverReport, out var empty));
        Assert.Equal(0, empty.ReportCount);
        Assert.True(ReceiverReport.TryWrite(buffer, empty.Ssrc, [], out written));
        Assert.Equal(Hex.Format(RtcpVectors.EmptyReceiverReport), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void ReportBlock_CumulativeLostOutOfRange_ClampedTo24BitsOnWrite()
    {
        var high = new ReportBlock(1, 0, 10_000_000, 0, 0, 0, 0);
        var low = new ReportBlock(1, 0, -10_000_000, 0, 0, 0, 0);
        Assert.Equal(ReportBlock.MaxCumulativeLost, high.CumulativeLost);
        Assert.Equal(ReportBlock.MinCumulativeLost, low.CumulativeLost);

        var buffer = new byte[ReportBlock.Size];
        Assert.True(low.TryWrite(buffer, out var written));
        Assert.Equal(24, written);
        Assert.Equal("00800000", Hex.Format(buffer.AsSpan(4, 4)));
        Assert.True(ReportBlock.TryParse(buffer, out var back));
        Assert.Equal(-8388608, back.CumulativeLost);
        Assert.False(ReportBlock.TryParse(buffer.AsSpan(0, 23), out _));
        Assert.False(low.TryWrite(new byte[23], out _));
    }

    [Theory]
    [InlineData("81 c8 00 06 12 34 56 78 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")] // RC=1 but no block
    [InlineData("80 c8 00 05 12 34 56 78 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]             // sender info cut short
    [InlineData("80 c9 00 01 00 00 00 01")]                                                           // RR type given to the SR parser
    public void SenderReport_Malformed_Rejected(string hex) => Assert.False(SenderReport.TryParse(Hex.Parse(hex), out _));

    [Theory]
    [InlineData("81 c9 00 01 00 00 00 01")] // RC=1 but no block
    [InlineData("80 c9 00 00")]             // no SSRC
    [InlineData("80 c8 00 01 00 00 00 01")] // SR type
    public void ReceiverReport_Malformed_Rejected(string hex) => Assert.False(ReceiverReport.TryParse(Hex.Parse(hex), out _));

    [Fact]
    public void Reports_Truncated_Rejected()
    {
        Mutations.AssertPrefixesRejected(RtcpVectors.SenderReport, b => SenderReport.TryParse(b, out _), RtcpVectors.SenderReport.Length);
        Mutations.AssertPrefixesRejected(RtcpVectors.ReceiverReport, b => ReceiverReport.TryParse(b, out _), RtcpVectors.ReceiverReport.Length);
    }

    [Fact]
    public void SenderReport_RandomizedMalformedInput_NeverThrows()
    {
        var accepted = Mutations.Run(21, RtcpVectors.All, bytes =>
        {
            if (!SenderReport.TryParse(bytes, out var sr))
            {
                return false;
            }

            for (var i = 0; i < sr.ReportCount; i++)
            {
                _ = sr.GetReportBlock(i);
            }

            _ = sr.ProfileExtension.Length;
            return true;
        });
        Assert.InRange(accepted, 1, 4999);
    }

    [Fact]
    public void ReceiverReport_RandomizedMalformedInput_NeverThrows()
    {
        var accepted = Mutations.Run(22, RtcpVectors.All, bytes =>
        {
            if (!ReceiverReport.TryParse(bytes, out var rr))
            {
                return false;
            }

            for (var i = 0; i < rr.ReportCount; i++)
            {
                _ = rr.GetReportBlock(i);
            }

            return true;
        });
        Assert.InRange(accepted, 1, 4999);
    }
}
