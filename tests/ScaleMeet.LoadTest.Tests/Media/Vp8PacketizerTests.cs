using ScaleMeet.LoadTest.SyntheticMedia;
using ScaleMeet.Media.Codecs;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

public sealed class Vp8PacketizerTests
{
    [Fact]
    public void Descriptor_FirstPacketWithTl0_ExactBytes()
    {
        var frame = new byte[] { 0xA1, 0xA2, 0xA3 };
        var payload = new byte[20];

        var written = Vp8Packetizer.WritePayload(payload, frame, 0, 1, pictureId: 0x1234, tl0PicIdx: 0x56);

        Assert.Equal(
            "90" + // X=1, N=0, S=1, PID=0
            "E0" + // I=1, L=1, T=1, K=0
            "9234" + // M=1, PictureID 0x1234
            "56" + // TL0PICIDX
            "00" + // TID 0, Y=0, KEYIDX 0
            "A1A2A3",
            Convert.ToHexString(payload, 0, written));
    }

    [Fact]
    public void Descriptor_LaterPacketWithoutTl0_ExactBytes()
    {
        var frame = new byte[] { 1, 2, 3, 4 };
        var payload = new byte[20];

        var written = Vp8Packetizer.WritePayload(payload, frame, 1, 2, pictureId: 0x8005, tl0PicIdx: null);

        Assert.Equal(
            "80" + // X=1, S=0, PID=0
            "80" + // I=1 only
            "8005" + // PictureID truncated to 15 bits: 5
            "0304",
            Convert.ToHexString(payload, 0, written));
    }

    [Theory]
    [InlineData(1, 1176, true)]
    [InlineData(1170, 1176, true)]
    [InlineData(1171, 1176, true)]
    [InlineData(25_000, 1176, true)]
    [InlineData(25_000, 1188, false)]
    [InlineData(7, 6 + 1, true)] // one frame byte per packet
    public void Frame_Packetized_DescriptorsPerPacketAndReassembly(int frameLength, int maxPayload, bool tl0)
    {
        var frame = Enumerable.Range(0, frameLength).Select(i => (byte)(i * 13)).ToArray();
        var count = Vp8Packetizer.PacketCount(frameLength, maxPayload, tl0);
        var reassembled = new List<byte>();
        var payload = new byte[maxPayload];
        var lengths = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var written = Vp8Packetizer.WritePayload(payload, frame, i, count, pictureId: 777, tl0PicIdx: tl0 ? (byte)9 : null);
            Assert.InRange(written, 1, maxPayload);
            Assert.True(Vp8PayloadDescriptor.TryParse(payload.AsSpan(0, written), out var descriptor));
            Assert.Equal(i == 0, descriptor.StartOfPartition);
            Assert.Equal(0, descriptor.PartitionIndex);
            Assert.True(descriptor.HasPictureId && descriptor.PictureIdIs15Bit);
            Assert.Equal(777, descriptor.PictureId);
            Assert.Equal(tl0, descriptor.HasTl0PicIdx);
            Assert.Equal(tl0 ? 9 : 0, descriptor.Tl0PicIdx);
            Assert.Equal(Vp8Packetizer.DescriptorLength(tl0), descriptor.Length);
            reassembled.AddRange(payload.AsSpan(descriptor.Length, written - descriptor.Length).ToArray());
            lengths.Add(written);
        }

        Assert.Equal(frame, reassembled);
        Assert.Equal((frameLength + maxPayload - Vp8Packetizer.DescriptorLength(tl0) - 1) / (maxPayload - Vp8Packetizer.DescriptorLength(tl0)), count);
        Assert.InRange(lengths.Max() - lengths.Min(), 0, 1); // balanced
    }

    [Fact]
    public void PayloadRoom_NoFrameByteFits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Vp8Packetizer.PacketCount(100, 6, withTl0PicIdx: true));
    }
}
