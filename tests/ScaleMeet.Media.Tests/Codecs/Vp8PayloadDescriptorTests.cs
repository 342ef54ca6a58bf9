using ScaleMeet.Media.Codecs;
using ScaleMeet.Media.Tests.Rtp;

namespace ScaleMeet.Media.Tests.Codecs;

public class Vp8PayloadDescriptorTests
{
    // Key frame, minimal descriptor.
    internal static readonly byte[] KeyFrame = Hex.Parse("""
        10          // descriptor: X=0 N=0 S=1 PID=0
        10          // payload header: Size0=0 H=1 VER=0 P=0 (key frame)
        02 00       // Size1=2 Size2=0: first partition 16 bytes
        9d 01 2a    // key frame start code
        80 02       // width 640, scale 0 (little-endian)
        e0 01       // height 480, scale 0
        00 00       // (frame data)
        """);

    // What Chrome sends: 15-bit PictureID, TL0PICIDX and TID.
    internal static readonly byte[] ChromeInterFrame = Hex.Parse("""
        90          // X=1 N=0 S=1 PID=0
        e0          // I=1 L=1 T=1 K=0
        92 34       // M=1 PictureID 0x1234 (15 bits)
        05          // TL0PICIDX 5
        a0          // TID=2 Y=1 KEYIDX=0
        31 00 00    // payload header: Size0=1 H=1 VER=0 P=1 (inter frame)
        aa bb       // (frame data)
        """);

    // 7-bit PictureID and KEYIDX, not the start of a partition.
    internal static readonly byte[] ShortPictureIdKeyIdx = Hex.Parse("""
        80          // X=1 N=0 S=0 PID=0
        90          // I=1 L=0 T=0 K=1
        1f          // M=0 PictureID 31 (7 bits)
        0a          // TID (ignored, T=0) Y=0 KEYIDX=10
        00          // (partition data)
        """);

    // Non-reference frame, partition 3, TL0PICIDX only.
    internal static readonly byte[] NonReferencePartition = Hex.Parse("""
        a3          // X=1 N=1 S=0 PID=3
        40          // I=0 L=1 T=0 K=0
        ff          // TL0PICIDX 255
        aa          // (partition data)
        """);

    public static IReadOnlyList<byte[]> All => [KeyFrame, ChromeInterFrame, ShortPictureIdKeyIdx, NonReferencePartition];

    [Fact]
    public void Parse_MinimalKeyFrame_ReadsFlags()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(KeyFrame, out var d));
        Assert.False(d.Extended);
        Assert.False(d.NonReference);
        Assert.True(d.StartOfPartition);
        Assert.Equal(0, d.PartitionIndex);
        Assert.False(d.HasPictureId || d.HasTl0PicIdx || d.HasTid || d.HasKeyIdx);
        Assert.Equal(1, d.Length);
        Assert.True(Vp8PayloadDescriptor.IsKeyFrame(KeyFrame));
        Assert.True(Vp8PayloadDescriptor.TryGetKeyFrameSize(KeyFrame, out var width, out var height));
        Assert.Equal((640, 480), (width, height));
    }

    [Fact]
    public void Parse_ChromeInterFrame_ReadsEveryField()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(ChromeInterFrame, out var d));
        Assert.True(d.Extended);
        Assert.False(d.NonReference);
        Assert.True(d.StartOfPartition);
        Assert.Equal(0, d.PartitionIndex);
        Assert.True(d.HasPictureId);
        Assert.True(d.PictureIdIs15Bit);
        Assert.Equal(0x1234, d.PictureId);
        Assert.True(d.HasTl0PicIdx);
        Assert.Equal(5, d.Tl0PicIdx);
        Assert.True(d.HasTid);
        Assert.Equal(2, d.TemporalLayerId);
        Assert.True(d.LayerSync);
        Assert.False(d.HasKeyIdx);
        Assert.Equal(0, d.KeyIndex);
        Assert.Equal(6, d.Length);
        Assert.False(Vp8PayloadDescriptor.IsKeyFrame(ChromeInterFrame));
        Assert.False(Vp8PayloadDescriptor.TryGetKeyFrameSize(ChromeInterFrame, out _, out _));
    }

    [Fact]
    public void Parse_ShortPictureIdKeyIdx_ReadsEveryField()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(ShortPictureIdKeyIdx, out var d));
        Assert.False(d.StartOfPartition);
        Assert.True(d.HasPictureId);
        Assert.False(d.PictureIdIs15Bit);
        Assert.Equal(31, d.PictureId);
        Assert.False(d.HasTl0PicIdx);
        Assert.False(d.HasTid);
        Assert.Equal(0, d.TemporalLayerId);
        Assert.False(d.LayerSync);
        Assert.True(d.HasKeyIdx);
        Assert.Equal(10, d.KeyIndex);
        Assert.Equal(4, d.Length);
        Assert.False(Vp8PayloadDescriptor.IsKeyFrame(ShortPictureIdKeyIdx)); // S=0
    }

    [Fact]
    public void Parse_NonReferencePartition_ReadsEveryField()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(NonReferencePartition, out var d));
        Assert.True(d.NonReference);
        Assert.False(d.StartOfPartition);
        Assert.Equal(3, d.PartitionIndex);
        Assert.False(d.HasPictureId);
        Assert.True(d.HasTl0PicIdx);
        Assert.Equal(255, d.Tl0PicIdx);
        Assert.Equal(3, d.Length);
    }

    [Fact]
    public void Write_EveryVariant_MatchesVectorBytes()
    {
        foreach (var vector in All)
        {
            Assert.True(Vp8PayloadDescriptor.TryParse(vector, out var parsed));
            var buffer = new byte[8];
            Assert.True(parsed.TryWrite(buffer, out var written));
            Assert.Equal(Hex.Format(vector.AsSpan(0, parsed.Length)), Hex.Format(buffer.AsSpan(0, written)));
        }

        var built = new Vp8PayloadDescriptor
        {
            StartOfPartition = true, HasPictureId = true, PictureIdIs15Bit = true, PictureId = 0x1234,
            HasTl0PicIdx = true, Tl0PicIdx = 5, HasTid = true, TemporalLayerId = 2, LayerSync = true,
        };
        var dest = new byte[6];
        Assert.True(built.TryWrite(dest, out var length));
        Assert.Equal(Hex.Format(ChromeInterFrame.AsSpan(0, 6)), Hex.Format(dest.AsSpan(0, length)));
        Assert.False(built.TryWrite(new byte[5], out _));
    }

    [Fact]
    public void RewritePictureId_FifteenBit_KeepsWidthAndWraps()
    {
        var payload = (byte[])ChromeInterFrame.Clone();
        Vp8PayloadDescriptor.TryParse(payload, out var d);
        Assert.True(d.TryRewritePictureId(payload, 0x8001)); // wraps to 1 in 15 bits
        Assert.Equal(Hex.Format(Hex.Parse("90 e0 80 01 05 a0")), Hex.Format(payload.AsSpan(0, 6)));
        Assert.True(d.TryRewriteTl0PicIdx(payload, 200));
        Assert.Equal(Hex.Format(Hex.Parse("90 e0 80 01 c8 a0 31 00 00 aa bb")), Hex.Format(payload));
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var back));
        Assert.Equal((1, 200), (back.PictureId, back.Tl0PicIdx));
    }

    [Fact]
    public void RewritePictureId_SevenBit_KeepsWidthAndWraps()
    {
        var payload = (byte[])ShortPictureIdKeyIdx.Clone();
        Vp8PayloadDescriptor.TryParse(payload, out var d);
        Assert.True(d.TryRewritePictureId(payload, 200)); // 200 & 0x7f = 72
        Assert.Equal(Hex.Format(Hex.Parse("80 90 48 0a 00")), Hex.Format(payload));
        Assert.False(d.TryRewriteTl0PicIdx(payload, 1)); // no L
    }

    [Fact]
    public void Rewrite_FieldAbsent_ReturnsFalseAndLeavesBytes()
    {
        var payload = (byte[])NonReferencePartition.Clone();
        Vp8PayloadDescriptor.TryParse(payload, out var d);
        Assert.False(d.TryRewritePictureId(payload, 1));
        Assert.True(d.TryRewriteTl0PicIdx(payload, 7));
        Assert.Equal(Hex.Format(Hex.Parse("a3 40 07 aa")), Hex.Format(payload));
    }

    [Theory]
    [InlineData("30 10 02 00")]          // N=1 S=1 PID=0, payload header P=0: N does not matter
    public void IsKeyFrame_NonReferenceBitIgnored(string hex) => Assert.True(Vp8PayloadDescriptor.IsKeyFrame(Hex.Parse(hex)));

    [Theory]
    [InlineData("11 10 02 00")]          // PID=1
    [InlineData("00 10 02 00")]          // S=0
    [InlineData("10 11 02 00")]          // P=1
    [InlineData("10")]                   // no payload header
    [InlineData("")]
    public void IsKeyFrame_NotAKeyFrameStart_False(string hex) =>
        Assert.False(Vp8PayloadDescriptor.IsKeyFrame(hex.Length == 0 ? [] : Hex.Parse(hex)));

    [Theory]
    [InlineData("10 10 02 00 9d 01 2b 80 02 e0 01")] // bad start code
    [InlineData("10 10 02 00 9d 01 2a 80 02 e0")]    // height cut short
    public void TryGetKeyFrameSize_BrokenHeader_False(string hex) =>
        Assert.False(Vp8PayloadDescriptor.TryGetKeyFrameSize(Hex.Parse(hex), out _, out _));

    [Fact]
    public void PayloadHeader_KeyFrameWithScale_ReadsEveryField()
    {
        var vp8 = Hex.Parse("""
            b6          // Size0=5 H=1 VER=3 P=0
            01 01       // Size1=1 Size2=1 -> 5 + 8 + 2048 = 2061
            9d 01 2a    // start code
            00 45       // 0x4500: scale 1, width 1280
            d0 82       // 0x82d0: scale 2, height 720
            """);
        Assert.True(Vp8PayloadHeader.TryParse(vp8, out var h));
        Assert.True(h.IsKeyFrame);
        Assert.True(h.ShowFrame);
        Assert.Equal(3, h.Version);
        Assert.Equal(2061, h.FirstPartitionSize);
        Assert.Equal((1280, 1, 720, 2), (h.Width, h.HorizontalScale, h.Height, h.VerticalScale));
    }

    [Fact]
    public void Parse_Truncated_Rejected()
    {
        static bool Parse(byte[] b) => Vp8PayloadDescriptor.TryParse(b, out _);
        Mutations.AssertPrefixesRejected(ChromeInterFrame, Parse, 7); // 6 descriptor bytes + at least one payload byte
        Mutations.AssertPrefixesRejected(ShortPictureIdKeyIdx, Parse, 5);
        Mutations.AssertPrefixesRejected(KeyFrame, Parse, 2);
    }

    [Fact]
    public void Parse_RandomizedMalformedInput_NeverThrows()
    {
        var accepted = Mutations.Run(61, All, bytes =>
        {
            if (!Vp8PayloadDescriptor.TryParse(bytes, out var d))
            {
                return false;
            }

            Assert.True(d.Length < bytes.Length);
            _ = Vp8PayloadDescriptor.IsKeyFrame(bytes);
            _ = Vp8PayloadDescriptor.TryGetKeyFrameSize(bytes, out _, out _);
            var copy = (byte[])bytes.Clone();
            Assert.Equal(d.HasPictureId, d.TryRewritePictureId(copy, 0x7fff));
            Assert.Equal(d.HasTl0PicIdx, d.TryRewriteTl0PicIdx(copy, 1));
            Assert.True(Vp8PayloadDescriptor.TryParse(copy, out var after));
            Assert.Equal(d.Length, after.Length);
            return true;
        }, 20_000);
        Assert.InRange(accepted, 1, 19_999);
    }

    [Fact]
    public void PayloadHeader_RandomizedMalformedInput_NeverThrows()
    {
        var accepted = Mutations.Run(62, [KeyFrame[1..], ChromeInterFrame[6..]], bytes =>
        {
            if (!Vp8PayloadHeader.TryParse(bytes, out var h))
            {
                return false;
            }

            Assert.InRange(h.Width, 0, 0x3fff);
            return true;
        });
        Assert.InRange(accepted, 1, 4999);
    }
}
