using ScaleMeet.LoadTest.SyntheticMedia;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

public sealed class IvfReaderTests
{
    [Fact]
    public void FileHeader_HandWritten_EveryFieldRead()
    {
        var file = Convert.FromHexString(
            "444B4946" + // "DKIF"
            "0000" + "2000" + // version 0, header length 32
            "56503830" + // "VP80"
            "4001" + "B400" + // 320 x 180
            "1E000000" + "01000000" + // rate 30, scale 1
            "2C010000" + "00000000"); // 300 frames, unused

        Assert.True(IvfReader.TryParseFileHeader(file, out var header));

        Assert.Equal(new IvfFileHeader(0, 32, IvfFileHeader.Vp8FourCc, 320, 180, 30, 1, 300), header);
        Assert.True(header.IsVp8);
    }

    [Theory]
    [InlineData("444B4946000020005650383040010B401E0000000100000000000000000000")] // 31 bytes
    [InlineData("444B4A46000020005650383040010B401E000000010000000000000000000000")] // "DKJF"
    [InlineData("444B4946000010005650383040010B401E000000010000000000000000000000")] // header length 16
    [InlineData("444B4946000020005650383040010B4000000000010000000000000000000000")] // rate 0
    public void FileHeader_Malformed_ReturnsFalse(string hex)
    {
        Assert.False(IvfReader.TryParseFileHeader(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void Frame_HandWritten_SizeTimestampAndBytes()
    {
        var data = Convert.FromHexString(
            "03000000" + // size 3
            "0700000000000000" + // timestamp 7
            "AABBCC" + "DD"); // the frame, then the next frame's first byte

        Assert.True(IvfReader.TryParseFrame(data, out var timestamp, out var frame, out var read));

        Assert.Equal(7UL, timestamp);
        Assert.Equal([0xAA, 0xBB, 0xCC], frame.ToArray());
        Assert.Equal(15, read);
    }

    [Theory]
    [InlineData("04000000" + "0000000000000000" + "AABBCC")] // one byte short
    [InlineData("FFFFFFFF" + "0000000000000000" + "AABBCC")] // size larger than any span
    [InlineData("0300000000000000000000")] // header cut short
    public void Frame_CutShort_ReturnsFalse(string hex)
    {
        Assert.False(IvfReader.TryParseFrame(Convert.FromHexString(hex), out _, out _, out _));
    }

    [Fact]
    public void VideoClip_BuiltFile_FramesKeyFramesSizeAndRate()
    {
        var frames = TestMedia.Frames(65, 30, 640, 360);
        Assert.True(VideoClip.TryLoad(TestMedia.Ivf(frames, 640, 360), out var clip, out var error), error);

        Assert.Equal(65, clip!.FrameCount);
        Assert.Equal((640, 360), (clip.Width, clip.Height));
        Assert.Equal(30.0, clip.FramesPerSecond, 6);
        Assert.Equal([0, 30, 60], Enumerable.Range(0, 65).Where(clip.IsKeyFrame));
        Assert.Equal(frames[31], clip.GetFrame(31).ToArray());
        Assert.Equal(30, clip.NextKeyFrame(1));
        Assert.Equal(30, clip.NextKeyFrame(30));
        Assert.Equal(0, clip.NextKeyFrame(61)); // wraps
    }

    [Fact]
    public void VideoClip_FirstFrameNotKey_Rejected()
    {
        var frames = TestMedia.Frames(10, 5, 320, 180).Skip(1).ToArray();

        Assert.False(VideoClip.TryLoad(TestMedia.Ivf(frames, 320, 180), out _, out var error));
        Assert.Contains("key frame", error, StringComparison.Ordinal);
    }

    [Fact]
    public void VideoClip_HiddenFrame_Rejected()
    {
        var frames = TestMedia.Frames(10, 5, 320, 180);
        frames[3][0] &= 0xEF; // show_frame = 0, as an alt-ref frame

        Assert.False(VideoClip.TryLoad(TestMedia.Ivf(frames, 320, 180), out _, out var error));
        Assert.Contains("hidden", error, StringComparison.Ordinal);
    }
}
