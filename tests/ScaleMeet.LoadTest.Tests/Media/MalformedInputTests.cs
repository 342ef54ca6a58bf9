using ScaleMeet.LoadTest.SyntheticMedia;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

/// <summary>Mutated and random inputs: the readers return false or a result, never throw. Seeded, so deterministic.</summary>
public sealed class MalformedInputTests
{
    private const int Rounds = 2000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ivf_MutatedFiles_NeverThrow(int seed)
    {
        var random = new Random(seed);
        var original = TestMedia.Ivf(TestMedia.Frames(6, 3, 64, 48, interSize: 40, keySize: 80), 64, 48);
        var loaded = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var file = Mutate(original, random);
            if (IvfReader.TryParseFileHeader(file, out var header))
            {
                var rest = file.AsSpan(header.HeaderLength);
                while (IvfReader.TryParseFrame(rest, out _, out var frame, out var read))
                {
                    Vp8FrameInfo.TryParse(frame, out _);
                    rest = rest[read..];
                }
            }

            if (VideoClip.TryLoad(file, out var clip, out var error))
            {
                loaded++;
                Assert.True(clip!.FrameCount > 0 && clip.IsKeyFrame(0));
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }

        Assert.InRange(loaded, 1, Rounds - 1); // the mutations reach both outcomes
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void OggOpus_MutatedFiles_NeverThrow(int seed)
    {
        var random = new Random(seed);
        var packets = Enumerable.Range(0, 8).Select(i => TestMedia.OpusPacket(i, 30 + (i * 70))).ToArray();
        var original = TestMedia.OggOpus(packets, segmentsPerPage: 2);
        var loaded = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var file = Mutate(original, random);
            OggPage.TryParse(file, out _, verifyCrc: random.Next(2) == 0);
            if (AudioClip.TryLoad(file, "1\n2\nx", out var clip, out var error))
            {
                loaded++;
                Assert.True(clip!.PacketCount > 0);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }

        Assert.InRange(loaded, 1, Rounds - 1);
    }

    [Theory]
    [InlineData(5)]
    public void RandomBytes_AllReaders_NeverThrow(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < Rounds; round++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            if (round % 3 == 0 && bytes.Length >= 4)
            {
                (round % 2 == 0 ? "OggS"u8 : "DKIF"u8).CopyTo(bytes);
            }

            IvfReader.TryParseFileHeader(bytes, out _);
            IvfReader.TryParseFrame(bytes, out _, out _, out _);
            Vp8FrameInfo.TryParse(bytes, out _);
            OggPage.TryParse(bytes, out _, verifyCrc: false);
            OpusToc.TryGetDuration(bytes, out _);
            Assert.False(OggOpusReader.TryReadPackets(bytes, out _, out _));
            Assert.False(VideoClip.TryLoad(bytes, out _, out _));
        }
    }

    /// <summary>Flips bytes, truncates, or duplicates a slice.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                var at = random.Next(bytes.Length);
                return [.. bytes[..at], .. bytes[at..Math.Min(bytes.Length, at + random.Next(1, 40))], .. bytes[at..]];
            default:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
        }
    }
}
