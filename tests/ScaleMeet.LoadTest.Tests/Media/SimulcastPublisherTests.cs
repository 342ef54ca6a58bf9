using System.Buffers.Binary;
using System.Text;
using ScaleMeet.LoadTest.SyntheticMedia;
using ScaleMeet.Media.Codecs;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

public sealed class SimulcastPublisherTests
{
    private const long Frequency = 1_000_000; // timestamps in microseconds
    private const uint AudioSsrc = 1000;
    private static readonly uint[] s_videoSsrcs = [2000, 3000, 4000];
    private static readonly PublisherExtensionIds s_ids = new(Mid: 4, Rid: 10, AudioLevel: 1, VideoTransportCc: 3, AudioTransportCc: 3);

    private static readonly VideoClip[] s_clips =
    [
        TestMedia.Clip(60, 30, 320, 180, interSize: 300, keySize: 2000),
        TestMedia.Clip(60, 30, 640, 360, interSize: 900, keySize: 6000),
        TestMedia.Clip(60, 30, 1280, 720, interSize: 2500, keySize: 20000),
    ];

    private static readonly AudioClip s_audio = TestMedia.Audio(50, string.Join('\n', Enumerable.Range(0, 50).Select(i => 20 + i)));

    [Fact]
    public void OneSecond_PacedEvery5Ms_ThirtyFramesPerLayerFiftyAudioPackets()
    {
        var (publisher, sink) = Run(TimeSpan.FromMilliseconds(995));

        Assert.Equal(50, sink.Of(AudioSsrc).Count);
        foreach (var ssrc in s_videoSsrcs)
        {
            var packets = sink.Of(ssrc);
            Assert.Equal(30, packets.Count(p => p.Header.Marker));
            Assert.All(packets, p => Assert.True(p.Packet.Length <= 1200));
        }

        var counters = publisher.GetCounters();
        Assert.Equal([AudioSsrc, .. s_videoSsrcs], counters.Select(c => c.Ssrc));
        Assert.Equal(sink.Packets.Count, counters.Sum(c => c.Packets));
        Assert.Equal(sink.Packets.Sum(p => (long)p.Packet.Length), counters.Sum(c => c.Bytes));
        Assert.All(counters.Skip(1), c => Assert.Equal((30, 1), (c.Frames, c.KeyFrames)));
    }

    [Fact]
    public void Streams_TimestampsAndSequences_FollowClocksAndLoopContinuously()
    {
        // 5 s: the 60-frame clips loop twice and a half, the 50-packet audio five times.
        var (_, sink) = Run(TimeSpan.FromMilliseconds(4995));

        var audio = sink.Of(AudioSsrc);
        Assert.Equal(250, audio.Count);
        AssertSteps(audio.Select(p => p.Header.SequenceNumber), 1);
        AssertSteps(audio.Select(p => (long)p.Header.Timestamp), 960);
        Assert.Equal(audio[0].Header.GetPayload(audio[0].Packet).ToArray(), audio[50].Header.GetPayload(audio[50].Packet).ToArray());
        Assert.True(audio[0].Header.Marker);
        Assert.DoesNotContain(audio.Skip(1), p => p.Header.Marker);

        for (var layer = 0; layer < 3; layer++)
        {
            var packets = sink.Of(s_videoSsrcs[layer]);
            AssertSteps(packets.Select(p => p.Header.SequenceNumber), 1);
            var frames = Reassemble(packets);
            Assert.Equal(150, frames.Count);
            AssertSteps(frames.Select(f => (long)f.Timestamp), 3000);
            AssertSteps(frames.Select(f => (long)f.PictureId), 1, modulo: 0x8000);
            AssertSteps(frames.Select(f => (long)f.Tl0PicIdx), 1, modulo: 0x100);
            for (var i = 0; i < frames.Count; i++)
            {
                Assert.Equal(s_clips[layer].GetFrame(i % 60).ToArray(), frames[i].Bytes);
            }
        }
    }

    [Fact]
    public void KeyFrameRequest_MidGop_NextFrameIsTheNextKeyFrameAndTimeKeepsItsPace()
    {
        var publisher = NewPublisher();
        var sink = new RecordingSink();
        Drive(publisher, sink, 0, TimeSpan.FromMilliseconds(160)); // frames 0..4 of every layer

        Assert.True(publisher.RequestKeyFrame(s_videoSsrcs[1]));
        Assert.False(publisher.RequestKeyFrame(12345));
        Drive(publisher, sink, 165_000, TimeSpan.FromMilliseconds(100)); // three more frame times

        var h = Reassemble(sink.Of(s_videoSsrcs[1]));
        Assert.Equal(8, h.Count);
        Assert.Equal(s_clips[1].GetFrame(30).ToArray(), h[5].Bytes); // jumped from frame 5 to key frame 30
        Assert.True(Vp8FrameInfo.TryParse(h[5].Bytes, out var info) && info.IsKeyFrame && info.Width == 640);
        Assert.Equal(s_clips[1].GetFrame(31).ToArray(), h[6].Bytes);
        AssertSteps(h.Select(f => (long)f.Timestamp), 3000);
        AssertSteps(h.Select(f => (long)f.PictureId), 1, modulo: 0x8000);
        var q = Reassemble(sink.Of(s_videoSsrcs[0]));
        Assert.Equal(s_clips[0].GetFrame(5).ToArray(), q[5].Bytes); // the other layers go on
        var counters = publisher.GetCounters()[2];
        Assert.Equal((1L, 25L, 2L), (counters.KeyFrameRequests, counters.SkippedFrames, counters.KeyFrames));
    }

    [Fact]
    public void ChangeLayerSsrc_NextFrameOnTheNewSsrcWithShiftedSequence_KeyFrameRequestsFollowIt()
    {
        var publisher = NewPublisher();
        var sink = new RecordingSink();
        Drive(publisher, sink, 0, TimeSpan.FromMilliseconds(100));
        var old = sink.Of(s_videoSsrcs[1]);
        var before = old.Count;

        Assert.True(publisher.ChangeLayerSsrc("h", 7777, sequenceShift: -5));
        Assert.False(publisher.ChangeLayerSsrc("x", 8888, 0));
        Assert.False(publisher.ChangeLayerSsrc("q", s_videoSsrcs[2], 0)); // taken by another stream
        Drive(publisher, sink, 105_000, TimeSpan.FromMilliseconds(100));

        var moved = sink.Of(7777);
        Assert.Equal(before, sink.Of(s_videoSsrcs[1]).Count);
        Assert.Equal(unchecked((ushort)(old[^1].Header.SequenceNumber + 1 - 5)), moved[0].Header.SequenceNumber);
        AssertSteps(moved.Select(p => p.Header.SequenceNumber), 1);
        Assert.Equal([s_videoSsrcs[0], 7777u, s_videoSsrcs[2]], publisher.VideoSsrcs);
        Assert.True(publisher.RequestKeyFrame(7777));
        Assert.False(publisher.RequestKeyFrame(s_videoSsrcs[1]));
    }

    [Fact]
    public void PausedLayer_SendsNothing_ResumesWithKeyFrame()
    {
        var publisher = NewPublisher();
        var sink = new RecordingSink();
        Assert.True(publisher.SetLayerActive("f", false));
        Drive(publisher, sink, 0, TimeSpan.FromMilliseconds(500));
        Assert.Empty(sink.Of(s_videoSsrcs[2]));
        Assert.NotEmpty(sink.Of(s_videoSsrcs[1]));

        Assert.True(publisher.SetLayerActive(s_videoSsrcs[2], true));
        Drive(publisher, sink, 505_000, TimeSpan.FromMilliseconds(100));

        var f = Reassemble(sink.Of(s_videoSsrcs[2]));
        Assert.True(Vp8FrameInfo.TryParse(f[0].Bytes, out var info) && info.IsKeyFrame && info.Width == 1280);
        Assert.True(publisher.GetCounters()[3].Active);
        Assert.False(publisher.SetLayerActive("x", false));
    }

    [Fact]
    public void Extensions_EveryPacket_MidRidLevelAndOneTransportWideCounter()
    {
        var (_, sink) = Run(TimeSpan.FromMilliseconds(300));

        var transportSequence = new List<ushort>();
        foreach (var (packet, header) in sink.Packets)
        {
            Assert.True(header.TryGetExtension(packet, 3, out var tcc) && tcc.Length == 2);
            transportSequence.Add(BinaryPrimitives.ReadUInt16BigEndian(tcc));
            if (header.Ssrc == AudioSsrc)
            {
                Assert.Equal(SyntheticSdpPayloadTypes.Opus, header.PayloadType);
                Assert.True(header.TryGetExtension(packet, 1, out var level) && level.Length == 1);
                Assert.False(header.TryGetExtension(packet, 4, out _));
                continue;
            }

            var layer = Array.IndexOf(s_videoSsrcs, header.Ssrc);
            Assert.Equal(SyntheticSdpPayloadTypes.Vp8, header.PayloadType);
            Assert.True(header.TryGetExtension(packet, 4, out var mid));
            Assert.Equal("1", Encoding.ASCII.GetString(mid));
            Assert.True(header.TryGetExtension(packet, 10, out var rid));
            Assert.Equal(MediaLibrary.Rids[layer], Encoding.ASCII.GetString(rid));
        }

        AssertSteps(transportSequence.Select(s => (long)s), 1, modulo: 0x10000);
        var levels = sink.Of(AudioSsrc).Select(p => p.Header.TryGetExtension(p.Packet, 1, out var l) ? l[0] : -1).ToArray();
        Assert.Equal(Enumerable.Range(0, 16).Select(i => 0x80 | (20 + i)), levels); // V=1, the clip's levels
    }

    [Fact]
    public void CallerStalls_BeyondMaxLag_SkipsToNowInsteadOfBursting()
    {
        var publisher = NewPublisher();
        var sink = new RecordingSink();
        Drive(publisher, sink, 0, TimeSpan.FromMilliseconds(100)); // frames 0..3, audio 0..5
        var before = sink.Packets.Count;

        publisher.SendDue(1_100_000, sink); // a one-second stall

        var after = sink.Packets.Skip(before).ToList();
        Assert.Equal(1, after.Count(p => p.Header.Ssrc == AudioSsrc));
        Assert.All(s_videoSsrcs, ssrc => Assert.Equal(1, after.Count(p => p.Header.Ssrc == ssrc && p.Header.Marker)));
        var q = Reassemble(sink.Of(s_videoSsrcs[0]));
        Assert.Equal(33L * 3000, (long)(q[^1].Timestamp - q[0].Timestamp)); // the RTP clock jumped to 1.1 s
        Assert.Equal(s_clips[0].GetFrame(4).ToArray(), q[^1].Bytes); // the clip did not
        Assert.Equal(29, publisher.GetCounters()[1].SkippedSlots);
    }

    [Fact]
    public void SendDue_SteadyState_AllocatesNothing()
    {
        var publisher = NewPublisher();
        var sink = new CountingSink();
        long now = 0;
        for (; now < 3_000_000; now += 5000)
        {
            publisher.SendDue(now, sink); // warm up, and a loop of every clip
        }

        publisher.RequestKeyFrame(s_videoSsrcs[2]);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (; now < 6_000_000; now += 5000)
        {
            publisher.SendDue(now, sink);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
        Assert.True(sink.Packets > 1000);
    }

    [Fact]
    public void Options_DuplicateSsrc_Rejected()
    {
        var options = Options() with { AudioSsrc = s_videoSsrcs[0] };

        Assert.Throws<ArgumentException>(() => new SimulcastPublisher(options));
    }

    internal static SimulcastPublisherOptions Options() => new()
    {
        AudioSsrc = AudioSsrc,
        Audio = s_audio,
        VideoLayers = [.. s_videoSsrcs.Select((s, i) => new PublisherVideoLayer(MediaLibrary.Rids[i], s, s_clips[i]))],
        Extensions = s_ids,
        TimestampFrequency = Frequency,
        Seed = 42,
        TransportSequence = new TransportWideSequence(65530), // wraps during the tests
    };

    private static SimulcastPublisher NewPublisher() => new(Options());

    private static (SimulcastPublisher Publisher, RecordingSink Sink) Run(TimeSpan duration)
    {
        var publisher = NewPublisher();
        var sink = new RecordingSink();
        Drive(publisher, sink, 0, duration);
        return (publisher, sink);
    }

    /// <summary>Calls SendDue every 5 ms from <paramref name="start"/> (µs) for <paramref name="duration"/> (inclusive).</summary>
    private static void Drive(SimulcastPublisher publisher, IRtpSink sink, long start, TimeSpan duration)
    {
        for (var now = start; now <= start + (long)duration.TotalMicroseconds; now += 5000)
        {
            publisher.SendDue(now, sink);
        }
    }

    private static void AssertSteps(IEnumerable<long> values, long step, long modulo = 0x1_0000_0000)
    {
        var list = values.ToList();
        for (var i = 1; i < list.Count; i++)
        {
            Assert.True((((list[i] - list[i - 1]) % modulo) + modulo) % modulo == step, $"step {i}: {list[i - 1]} -> {list[i]}");
        }
    }

    private static void AssertSteps(IEnumerable<ushort> values, long step) => AssertSteps(values.Select(v => (long)v), step, 0x10000);

    /// <summary>Joins each frame's packets (S=1 … marker) and checks the descriptors agree within the frame.</summary>
    private static List<(uint Timestamp, ushort PictureId, byte Tl0PicIdx, byte[] Bytes)> Reassemble(List<(byte[] Packet, RtpHeader Header)> packets)
    {
        var frames = new List<(uint, ushort, byte, byte[])>();
        var bytes = new List<byte>();
        Vp8PayloadDescriptor first = default;
        foreach (var (packet, header) in packets)
        {
            var payload = header.GetPayload(packet);
            Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var descriptor));
            Assert.Equal(bytes.Count == 0, descriptor.StartOfPartition);
            first = bytes.Count == 0 ? descriptor : first;
            Assert.Equal(first.PictureId, descriptor.PictureId);
            bytes.AddRange(payload[descriptor.Length..].ToArray());
            if (header.Marker)
            {
                frames.Add((header.Timestamp, descriptor.PictureId, descriptor.Tl0PicIdx, bytes.ToArray()));
                bytes.Clear();
            }
        }

        return frames;
    }
}

internal static class SyntheticSdpPayloadTypes
{
    public const byte Opus = ScaleMeet.LoadTest.Peers.SyntheticSdp.OpusPayloadType;
    public const byte Vp8 = ScaleMeet.LoadTest.Peers.SyntheticSdp.Vp8PayloadType;
}
