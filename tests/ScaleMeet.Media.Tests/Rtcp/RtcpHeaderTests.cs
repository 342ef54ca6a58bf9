using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Tests.Rtp;
using RtcpDemux = ScaleMeet.Media.Rtcp.Rtcp;

namespace ScaleMeet.Media.Tests.Rtcp;

public class RtcpHeaderTests
{
    [Fact]
    public void Parse_SenderReportHeader_ReadsEveryField()
    {
        Assert.True(RtcpHeader.TryParse(RtcpVectors.SenderReport, out var h));
        Assert.Equal(2, h.Version);
        Assert.False(h.Padding);
        Assert.Equal(1, h.Count);
        Assert.Equal(RtcpPacketType.SR, h.PacketType);
        Assert.Equal(12, h.LengthInWords);
        Assert.Equal(52, h.TotalLength);
        Assert.Equal(0, h.PaddingLength);
    }

    [Fact]
    public void Parse_PaddedHeader_ReportsPadding()
    {
        Assert.True(RtcpHeader.TryParse(RtcpVectors.TransportCcRun, out var h));
        Assert.True(h.Padding);
        Assert.Equal(15, h.Count);
        Assert.Equal(RtcpPacketType.RTPFB, h.PacketType);
        Assert.Equal(32, h.TotalLength);
        Assert.Equal(3, h.PaddingLength);
    }

    [Fact]
    public void Write_Header_MatchesVector()
    {
        var buffer = new byte[4];
        RtcpHeader.Write(buffer, 1, RtcpPacketType.SR, 52);
        Assert.Equal("81c8000c", Hex.Format(buffer));
    }

    [Theory]
    [InlineData("40 c9 00 01 00 00 00 01")] // version 1
    [InlineData("80 c9 00 02 00 00 00 01")] // length says 12 bytes, 8 present
    [InlineData("80 c9 00")]                // shorter than a header
    [InlineData("a0 c9 00 01 00 00 00 00")] // padding count 0
    [InlineData("a0 c9 00 01 00 00 00 05")] // padding 5 > 4 body bytes
    public void Parse_Malformed_Rejected(string hex) => Assert.False(RtcpHeader.TryParse(Hex.Parse(hex), out _));

    [Theory]
    [InlineData("80 c8 00 06", true)]  // SR
    [InlineData("81 cd 00 03", true)]  // RTPFB
    [InlineData("80 c0 00 01", true)]  // 192, bottom of the range
    [InlineData("80 df 00 01", true)]  // 223, top of the range
    [InlineData("80 e0 00 01", false)] // RTP PT 96 with marker
    [InlineData("80 60 00 01", false)] // RTP PT 96
    [InlineData("00 01 00 00", false)] // STUN
    [InlineData("80 c8 00", false)]    // too short
    public void IsRtcp_FirstBytes_Demultiplex(string hex, bool expected) =>
        Assert.Equal(expected, RtcpDemux.IsRtcp(Hex.Parse(hex)));

    [Fact]
    public void CompoundReader_SrSdesRemb_YieldsEachPacket()
    {
        byte[] compound = [.. RtcpVectors.SenderReport, .. RtcpVectors.Sdes, .. RtcpVectors.Remb, .. RtcpVectors.TransportCcRun];
        var reader = new RtcpCompoundReader(compound);
        var seen = new List<(byte Type, int Count, int Length, int Offset)>();
        var offset = 0;
        while (reader.TryNext(out var header, out var packet))
        {
            seen.Add((header.PacketType, header.Count, packet.Length, offset));
            Assert.Equal(Hex.Format(compound.AsSpan(offset, packet.Length)), Hex.Format(packet));
            offset += packet.Length;
        }

        Assert.False(reader.Malformed);
        Assert.Equal(
            [(RtcpPacketType.SR, 1, 52, 0), (RtcpPacketType.SDES, 2, 48, 52), (RtcpPacketType.PSFB, 15, 24, 100), (RtcpPacketType.RTPFB, 15, 32, 124)],
            seen);
    }

    [Fact]
    public void CompoundReader_TrailingGarbage_StopsAndFlagsMalformed()
    {
        byte[] compound = [.. RtcpVectors.EmptyReceiverReport, .. RtcpVectors.Pli, 0x81, 0xcd, 0x00];
        var reader = new RtcpCompoundReader(compound);
        Assert.True(reader.TryNext(out var rr, out _));
        Assert.Equal(RtcpPacketType.RR, rr.PacketType);
        Assert.True(reader.TryNext(out var pli, out _));
        Assert.Equal(RtcpPacketType.PSFB, pli.PacketType);
        Assert.False(reader.Malformed);
        Assert.False(reader.TryNext(out _, out _));
        Assert.True(reader.Malformed);
        Assert.False(reader.TryNext(out _, out _));
    }

    [Fact]
    public void CompoundReader_LengthPastEnd_FlagsMalformedWithoutYielding()
    {
        var packet = (byte[])RtcpVectors.Pli.Clone();
        packet[3] = 3; // claims 16 bytes, 12 present
        var reader = new RtcpCompoundReader(packet);
        Assert.False(reader.TryNext(out _, out _));
        Assert.True(reader.Malformed);
    }

    [Fact]
    public void CompoundReader_Empty_NotMalformed()
    {
        var reader = new RtcpCompoundReader([]);
        Assert.False(reader.TryNext(out _, out _));
        Assert.False(reader.Malformed);
    }

    [Fact]
    public void CompoundReader_RandomizedInput_NeverThrowsAndCoversInput()
    {
        byte[] compound = [.. RtcpVectors.SenderReport, .. RtcpVectors.Sdes, .. RtcpVectors.Nack];
        var accepted = Mutations.Run(11, [compound, .. RtcpVectors.All], bytes =>
        {
            var reader = new RtcpCompoundReader(bytes);
            var total = 0;
            while (reader.TryNext(out var header, out var packet))
            {
                Assert.Equal(header.TotalLength, packet.Length);
                total += packet.Length;
            }

            Assert.True(reader.Malformed || total == bytes.Length);
            return !reader.Malformed;
        });
        Assert.InRange(accepted, 1, 4999);
    }
}
