using System.Diagnostics;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.SyntheticMedia;
using ScaleMeet.Media.Codecs;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

/// <summary>Runs load-media.sh (ffmpeg, about 10 s of CPU) once into a temporary directory, deleted afterwards.</summary>
public sealed class GeneratedMediaFixture : IDisposable
{
    public GeneratedMediaFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("scalemeet-load-media-").FullName;
        Library = MediaLibrary.LoadOrCreate(Directory);
    }

    public string Directory { get; }

    public MediaLibrary Library { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public sealed class GeneratedMediaTests(GeneratedMediaFixture media) : IClassFixture<GeneratedMediaFixture>
{
    [Fact]
    public void Video_ThreeLayers_SizesKeyFrameEvery30FramesAndRates()
    {
        var layers = media.Library.VideoLayers;

        Assert.Equal([(320, 180), (640, 360), (1280, 720)], layers.Select(l => (l.Width, l.Height)));
        (double Min, double Max)[] bitrates = [(100e3, 220e3), (350e3, 700e3), (1.2e6, 2.4e6)];
        for (var i = 0; i < 3; i++)
        {
            var clip = layers[i];
            Assert.Equal(30.0, clip.FramesPerSecond, 3);
            Assert.Equal(300, clip.FrameCount);
            Assert.Equal(TimeSpan.FromSeconds(10), clip.Duration);
            Assert.Equal(Enumerable.Range(0, 300).Select(f => f % 30 == 0), Enumerable.Range(0, 300).Select(clip.IsKeyFrame));
            Assert.InRange(clip.TotalBytes * 8 / clip.Duration.TotalSeconds, bitrates[i].Min, bitrates[i].Max);
            for (var f = 0; f < 300; f += 30)
            {
                Assert.True(Vp8FrameInfo.TryParse(clip.GetFrame(f), out var info) && info.IsKeyFrame);
                Assert.Equal((clip.Width, clip.Height), (info.Width, info.Height));
            }
        }
    }

    [Fact]
    public void Audio_20MsOpusPacketsForTenSecondsWithMovingLevels()
    {
        var audio = media.Library.Audio;

        Assert.Equal(960, audio.SamplesPerPacket);
        Assert.InRange(audio.PacketCount, 500, 502); // 10 s plus the encoder's pre-skip
        for (var i = 0; i < audio.PacketCount; i++)
        {
            Assert.True(OpusToc.TryGetDuration(audio.GetPacket(i), out var samples));
            Assert.Equal(960, samples);
        }

        Assert.InRange(audio.TotalBytes * 8 / audio.Duration.TotalSeconds, 24e3, 40e3);
        var levels = Enumerable.Range(0, audio.PacketCount).Select(audio.GetLevel).ToArray();
        Assert.InRange(levels.Min(), 10, 35);
        Assert.InRange(levels.Max() - levels.Min(), 6, 40); // the tone swells and fades
    }

    [Fact]
    public void LoadOrCreate_MediaPresent_RunsNothingAndLeavesFilesAlone()
    {
        var files = System.IO.Directory.GetFiles(media.Directory).Order().ToArray();
        var times = files.Select(File.GetLastWriteTimeUtc).ToArray();
        var stopwatch = Stopwatch.StartNew();

        var again = MediaLibrary.LoadOrCreate(media.Directory);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Equal(files, System.IO.Directory.GetFiles(media.Directory).Order());
        Assert.Equal(times, files.Select(File.GetLastWriteTimeUtc));
        Assert.Equal(media.Library.VideoLayers[2].TotalBytes, again.VideoLayers[2].TotalBytes);
        // The media, and the lock file concurrent runs of the script take turns on.
        Assert.Equal([".lock", "VERSION", "audio-levels.txt", "audio.opus", "video-1280x720.ivf", "video-320x180.ivf", "video-640x360.ivf"],
            files.Select(Path.GetFileName));
    }

    [Fact]
    public void Publisher_RealMedia_EachLayerStartsWithAKeyFrameOfItsSize()
    {
        var tracks = SyntheticTracks.Create(simulcast: true);
        var options = SimulcastPublisherOptions.FromTracks(tracks, media.Library) with { TimestampFrequency = 1000, Seed = 7 };
        var publisher = new SimulcastPublisher(options);
        var sink = new RecordingSink();

        for (long now = 0; now < 2000; now += 5)
        {
            publisher.SendDue(now, sink);
        }

        (int, int)[] sizes = [(320, 180), (640, 360), (1280, 720)];
        for (var i = 0; i < 3; i++)
        {
            var packets = sink.Of(tracks.SimulcastLayers![i].Ssrc);
            Assert.True(Vp8PayloadDescriptor.TryGetKeyFrameSize(packets[0].Header.GetPayload(packets[0].Packet), out var width, out var height));
            Assert.Equal(sizes[i], (width, height));
            Assert.Equal(60, packets.Count(p => p.Header.Marker));
            Assert.All(packets, p => Assert.InRange(p.Packet.Length, 1, 1200));
        }

        Assert.Equal(100, sink.Of(tracks.AudioSsrc).Count);
        var counters = publisher.GetCounters();
        var videoBits = counters.Where(c => c.IsVideo).Sum(c => c.Bytes) * 8 / 2.0;
        Assert.InRange(videoBits, 1.5e6, 3.5e6); // about 2.3 Mbit/s for the three layers, headers included
    }

    [Fact]
    public void FromTracks_AgreesWithTheOffer()
    {
        var simulcast = SyntheticTracks.Create(simulcast: true);
        var single = SyntheticTracks.Create();

        var s = SimulcastPublisherOptions.FromTracks(simulcast, media.Library);
        var o = SimulcastPublisherOptions.FromTracks(single, media.Library);

        Assert.Equal(simulcast.SimulcastLayers!.Select(l => (l.Rid, l.Ssrc)), s.VideoLayers.Select(l => (l.Rid!, l.Ssrc)));
        Assert.Equal([320, 640, 1280], s.VideoLayers.Select(l => l.Clip.Width));
        Assert.Equal(new PublisherExtensionIds(4, 10, 1, 3, 3), s.Extensions);
        Assert.Equal((simulcast.AudioSsrc, "0", "1"), (s.AudioSsrc, s.AudioMid, s.VideoMid));
        Assert.Equal([(null, single.VideoSsrc, 640)], o.VideoLayers.Select(l => (l.Rid, l.Ssrc, l.Clip.Width)));
        Assert.Equal(0, o.Extensions.Rid);
    }
}
