using ScaleMeet.LoadTest.SyntheticMedia;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

public sealed class Vp8FrameInfoTests
{
    [Fact]
    public void KeyFrame_HandWritten_SizeAndFlags()
    {
        var frame = Convert.FromHexString(
            "5002" + "00" + // size0 = 2, H = 1, VER = 0, P = 0 (key); first partition 2 + 8*2 = 18 bytes
            "9D012A" + // start code
            "0005" + "D002" + // width 1280, height 720 (scale 0)
            "000102030405060708090A0B0C0D0E0F1011"); // 18 bytes of first partition

        Assert.True(Vp8FrameInfo.TryParse(frame, out var info));

        Assert.Equal(new Vp8FrameInfo(IsKeyFrame: true, ShowFrame: true, Version: 0, FirstPartitionSize: 18, Width: 1280, Height: 720), info);
    }

    [Fact]
    public void InterFrame_HandWritten_NotKeyNoSize()
    {
        var frame = Convert.FromHexString("31" + "00" + "00" + "AABB"); // size0 = 1, H = 1, P = 1; partition 1 byte

        Assert.True(Vp8FrameInfo.TryParse(frame, out var info));

        Assert.False(info.IsKeyFrame);
        Assert.True(info.ShowFrame);
        Assert.Equal(1, info.FirstPartitionSize);
        Assert.Equal((0, 0), (info.Width, info.Height));
    }

    [Theory]
    [InlineData("3100")] // tag cut short
    [InlineData("1000009D012A00050002")] // key frame, 10 bytes, first partition 0: fine (control)
    [InlineData("5002009D012B0005D002" + "00")] // wrong start code
    [InlineData("5002009D012A0005D0" )] // key frame header cut short
    [InlineData("51020000")] // inter frame claims an 18-byte partition, has 1 byte
    public void Malformed_ReturnsFalseUnlessValid(string hex)
    {
        var valid = hex == "1000009D012A00050002";

        Assert.Equal(valid, Vp8FrameInfo.TryParse(Convert.FromHexString(hex), out _));
    }
}
