using ScaleMeet.LoadTest.SyntheticMedia;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

public sealed class OggOpusReaderTests
{
    [Fact]
    public void Page_HandBuilt_FieldsAndCrcVerified()
    {
        var page = TestMedia.OggPage(0xCAFE, 7, 0x02, 4242, [3, 0], [1, 2, 3]);

        Assert.True(OggPage.TryParse(page, out var parsed));

        Assert.Equal((0xCAFEu, 7u, 4242L, 2, 3), (parsed.Serial, parsed.Sequence, parsed.GranulePosition, parsed.SegmentCount, parsed.Length - parsed.BodyOffset));
        Assert.True(parsed.IsFirst);
        Assert.False(parsed.IsContinued);
        Assert.Equal(page.Length, parsed.Length);
    }

    [Fact]
    public void Page_OneBitFlipped_CrcRejectsIt()
    {
        var page = TestMedia.OggPage(1, 0, 0, 0, [3], [1, 2, 3]);
        page[^1] ^= 0x10;

        Assert.False(OggPage.TryParse(page, out _));
        Assert.True(OggPage.TryParse(page, out _, verifyCrc: false));
    }

    [Theory]
    [InlineData(255)]
    [InlineData(3)] // packets of 60..79 bytes split across pages of 3 segments, some mid-packet
    [InlineData(1)]
    public void Packets_AnyPaging_SameAudioPacketsWithoutHeaders(int segmentsPerPage)
    {
        var packets = Enumerable.Range(0, 40).Select(i => TestMedia.OpusPacket(i, i == 7 ? 600 : i == 8 ? 510 : 60 + (i % 20))).ToArray();

        Assert.True(OggOpusReader.TryReadPackets(TestMedia.OggOpus(packets, segmentsPerPage), out var read, out var error), error);

        Assert.Equal(packets, read);
    }

    [Fact]
    public void Packets_ExactMultipleOf255_EndsWithZeroLacing()
    {
        var packets = new[] { TestMedia.OpusPacket(0, 510), TestMedia.OpusPacket(1, 20) };

        Assert.Equal([255, 255, 0], TestMedia.Lacing(510));
        Assert.True(OggOpusReader.TryReadPackets(TestMedia.OggOpus(packets), out var read, out _));
        Assert.Equal(packets, read);
    }

    [Fact]
    public void Packets_CorruptPageMidStream_ItsPacketsAndTheOneItOpensDropped()
    {
        // 300-byte packets take two segments (255, 45); with 3 segments a page, pages alternate between ending
        // mid-packet and not: [p0, p1a] [p1b, p2] [p3, p4a] [p4b, p5] …
        var packets = Enumerable.Range(0, 12).Select(i => TestMedia.OpusPacket(i, 300)).ToArray();
        var file = TestMedia.OggOpus(packets, segmentsPerPage: 3);
        var thirdAudioPage = 47 + 44 + (30 + 555) + (30 + 345); // head, tags, two audio pages
        file[thirdAudioPage + 100] ^= 0xFF;

        Assert.True(OggOpusReader.TryReadPackets(file, out var read, out _));

        Assert.Equal(packets.Where((_, i) => i is not (3 or 4)), read);
    }

    [Fact]
    public void Packets_OtherStreamInterleaved_Ignored()
    {
        var ours = TestMedia.OggOpus([TestMedia.OpusPacket(1, 50)], serial: 1);
        var other = TestMedia.OggPage(2, 0, 0x02, 0, [4], [9, 9, 9, 9]);
        var file = ours.Take(47).Concat(other).Concat(ours.Skip(47)).ToArray();

        Assert.True(OggOpusReader.TryReadPackets(file, out var read, out _));

        Assert.Equal([TestMedia.OpusPacket(1, 50)], read);
    }

    [Fact]
    public void Packets_NoOpusHead_ReturnsFalseWithReason()
    {
        var file = TestMedia.OggPage(1, 0, 0x02, 0, [10], new byte[10]);

        Assert.False(OggOpusReader.TryReadPackets(file, out _, out var error));
        Assert.Contains("OpusHead", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 31 << 3 }, 960)] // CELT FB 20 ms, one frame
    [InlineData(new byte[] { (9 << 3) | 0x04 }, 960)] // SILK WB 20 ms, stereo flag
    [InlineData(new byte[] { 13 << 3 }, 960)] // hybrid FB 20 ms
    [InlineData(new byte[] { (12 << 3) | 1 }, 960)] // hybrid SWB 10 ms, two frames
    [InlineData(new byte[] { (3 << 3) | 3, 2 }, 5760)] // SILK NB 60 ms, code 3, two frames: 120 ms
    [InlineData(new byte[] { (16 << 3) | 3, 0x80 | 4 }, 480)] // CELT NB 2.5 ms x 4, VBR flag set
    public void Toc_ValidPackets_Duration(byte[] packet, int samples)
    {
        Assert.True(OpusToc.TryGetDuration(packet, out var duration));
        Assert.Equal(samples, duration);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { (31 << 3) | 3 })] // code 3 without its count byte
    [InlineData(new byte[] { (31 << 3) | 3, 0 })] // zero frames
    [InlineData(new byte[] { (3 << 3) | 3, 3 })] // 180 ms: over the 120 ms limit
    public void Toc_InvalidPackets_ReturnsFalse(byte[] packet)
    {
        Assert.False(OpusToc.TryGetDuration(packet, out _));
    }

    [Fact]
    public void AudioClip_Levels_ReadPerPacketDefaultWhenMissing()
    {
        var clip = TestMedia.Audio(5, "12\n127\nbad\n200\n");

        Assert.Equal([12, 127, AudioClip.DefaultVoiceLevel, AudioClip.DefaultVoiceLevel, AudioClip.DefaultVoiceLevel],
            Enumerable.Range(0, 5).Select(clip.GetLevel));
        Assert.Equal(960, clip.SamplesPerPacket);
        Assert.Equal(TimeSpan.FromMilliseconds(100), clip.Duration);
    }

    [Fact]
    public void AudioClip_MixedDurations_Rejected()
    {
        var packets = new[] { TestMedia.OpusPacket(0, 20), [(byte)(30 << 3), 1, 2] };

        Assert.False(AudioClip.TryLoad(TestMedia.OggOpus(packets), null, out _, out var error));
        Assert.Contains("duration", error, StringComparison.Ordinal);
    }
}
