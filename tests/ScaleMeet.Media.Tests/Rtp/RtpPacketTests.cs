using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Media.Tests.Rtp;

public class RtpPacketTests
{
    [Fact]
    public void Setters_RewriteFields_LeaveTheRestIntact()
    {
        var packet = (byte[])RtpHeaderTests.OneByteVector.Clone();
        RtpPacket.SetSequenceNumber(packet, 0xfffe);
        RtpPacket.SetTimestamp(packet, 0x01020304);
        RtpPacket.SetSsrc(packet, 0xcafef00d);
        RtpPacket.SetPayloadType(packet, 100);
        RtpPacket.SetMarker(packet, false);

        Assert.True(RtpHeader.TryParse(packet, out var h));
        Assert.Equal(0xfffe, h.SequenceNumber);
        Assert.Equal(0x01020304u, h.Timestamp);
        Assert.Equal(0xcafef00du, h.Ssrc);
        Assert.Equal(100, h.PayloadType);
        Assert.False(h.Marker);
        Assert.Equal(
            "b264fffe01020304cafef00d" + Hex.Format(RtpHeaderTests.OneByteVector.AsSpan(12)),
            Hex.Format(packet));

        RtpPacket.SetMarker(packet, true);
        Assert.Equal(0xe4, packet[1]); // marker set, PT 100 kept
        RtpPacket.SetPayloadType(packet, 96);
        Assert.Equal(0xe0, packet[1]); // PT changed, marker kept
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpPacket.SetPayloadType(packet, 128));
    }

    [Fact]
    public void Writer_OddExtensionLength_PadsToWordAndParsesBack()
    {
        var buffer = new byte[40];
        buffer.AsSpan().Fill(0xee);
        var writer = new RtpHeaderWriter(buffer);
        writer.WriteFixedHeader(marker: false, payloadType: 111, sequenceNumber: 7, timestamp: 960, ssrc: 0x55);
        writer.AddExtension(3, "m0"u8);          // mid
        writer.AddExtension(14, new byte[16]);   // largest one-byte element
        var length = writer.Finish();

        Assert.Equal(12 + 4 + 3 + 17, length); // 20 element bytes: 5 words, no padding needed
        Assert.Equal(Hex.Format(Hex.Parse("""
            90 6f 00 07 00 00 03 c0 00 00 00 55 // V=2 X=1, PT 111, seq 7, ts 960, SSRC 0x55
            be de 00 05                         // one-byte profile, 5 words
            31 6d 30                            // ID=3 L=1 "m0"
            ef 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 // ID=14 L=15: 16 zero bytes
            """)), Hex.Format(buffer.AsSpan(0, length)));

        var three = new byte[40];
        var w = new RtpHeaderWriter(three);
        w.WriteFixedHeader(true, 96, 1, 2, 3);
        w.AddExtension(5, [0x01]);
        var headerLength = w.Finish();
        Assert.Equal(20, headerLength); // 2 element bytes + 2 zero padding
        Assert.Equal(Hex.Format(Hex.Parse("be de 00 01 50 01 00 00")), Hex.Format(three.AsSpan(12, 8))); // ID=5 L=0, 2 zero bytes
        Assert.True(RtpHeader.TryParse(three.AsSpan(0, headerLength), out var h));
        Assert.True(h.TryGetExtension(three.AsSpan(0, headerLength), 5, out var value));
        Assert.Equal("01", Hex.Format(value));
    }

    [Fact]
    public void Writer_NoExtensions_WritesBareHeaderWithoutX()
    {
        var buffer = new byte[12];
        var writer = new RtpHeaderWriter(buffer);
        writer.WriteFixedHeader(false, 8, 65535, 0, 0xffffffff);
        Assert.Equal(12, writer.Finish());
        Assert.Equal(Hex.Format(RtpHeaderTests.MinimalVector), Hex.Format(buffer));
    }

    [Fact]
    public void Writer_Misuse_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var w = new RtpHeaderWriter(new byte[64]);
            w.WriteFixedHeader(false, 96, 0, 0, 0);
            w.AddExtension(15, [1]);
        });
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var w = new RtpHeaderWriter(new byte[64]);
            w.WriteFixedHeader(false, 96, 0, 0, 0);
            w.AddExtension(1, new byte[17]);
        });
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var w = new RtpHeaderWriter(new byte[64]);
            w.WriteFixedHeader(false, 96, 0, 0, 0);
            w.AddExtension(1, []);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var w = new RtpHeaderWriter(new byte[64]);
            w.AddExtension(1, [1]);
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var w = new RtpHeaderWriter(new byte[16]);
            w.WriteFixedHeader(false, 96, 0, 0, 0);
            w.AddExtension(1, [1, 2, 3, 4]);
        });
    }
}
