using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.LoadTest.Tests.Measurement;

public sealed class ReceivedStreamTests
{
    private static RtpHeader Header(ushort sequence, uint timestamp, bool marker, byte payloadType = 96)
    {
        var buffer = new byte[12];
        var writer = new RtpHeaderWriter(buffer);
        writer.WriteFixedHeader(marker, payloadType, sequence, timestamp, 0x1234);
        writer.Finish();
        Assert.True(RtpHeader.TryParse(buffer, out var header));
        return header;
    }

    [Fact]
    public void Video_GapInSequenceNumbers_CountsLossAcrossWrap()
    {
        var stream = new ReceivedStream(0x1234, StreamKind.Video, 90000);
        ushort[] received = [65533, 65534, 1, 2]; // 65535 and 0 lost
        foreach (var s in received)
        {
            stream.OnPacket(Header(s, 0, marker: true), 1000, 0);
        }

        Assert.Equal(6, stream.Expected);
        Assert.Equal(4, stream.Packets);
        Assert.Equal(2, stream.Lost);
        Assert.Equal(4000, stream.Bytes);
    }

    [Fact]
    public void Video_FramesEvery33Ms_NoFreezeAndZeroJitter()
    {
        var stream = new ReceivedStream(1, StreamKind.Video, 90000);
        for (var frame = 0; frame < 90; frame++)
        {
            var at = frame * (1000.0 / 30);
            stream.OnPacket(Header((ushort)(frame * 2), (uint)(frame * 3000), marker: false), 1000, at);
            stream.OnPacket(Header((ushort)((frame * 2) + 1), (uint)(frame * 3000), marker: true), 1000, at);
        }

        Assert.Equal(90, stream.Frames);
        Assert.Equal(0, stream.Freezes);
        Assert.Equal(0, stream.FirstFrameAtMs);
        Assert.True(stream.JitterMs < 0.01, $"jitter {stream.JitterMs}");
        Assert.False(stream.IsFrozenAt(90 * 33.4));
        Assert.True(stream.IsFrozenAt(89 * (1000.0 / 30) + 501));
    }

    [Fact]
    public void Video_GapOverHalfASecond_IsOneFreeze()
    {
        var stream = new ReceivedStream(1, StreamKind.Video, 90000);
        stream.OnPacket(Header(1, 0, marker: true), 100, 0);
        stream.OnPacket(Header(2, 3000, marker: true), 100, 33);
        stream.OnPacket(Header(3, 6000, marker: true), 100, 534); // 501 ms later
        stream.OnPacket(Header(4, 9000, marker: true), 100, 1033); // 499 ms later

        Assert.Equal(1, stream.Freezes);
        Assert.Equal(4, stream.Frames);
    }

    [Fact]
    public void Jitter_AlternatingDelay_ConvergesToRfc3550Estimate()
    {
        // Packets every 20 ms (960 ticks at 48 kHz), arriving alternately 0 and 4 ms late: |D| = 4 ms each time → J → 4 ms.
        var stream = new ReceivedStream(1, StreamKind.Audio, 48000);
        for (var i = 0; i < 400; i++)
        {
            stream.OnPacket(Header((ushort)i, (uint)(i * 960), marker: false, payloadType: 111), 100, (i * 20) + (i % 2 == 0 ? 0 : 4));
        }

        Assert.InRange(stream.JitterMs, 3.9, 4.01);
        Assert.Equal(0, stream.Frames);
    }

    [Fact]
    public void Video_SilentAfterItsTrackWent_NotFrozenOnceEnded()
    {
        var stream = new ReceivedStream(0x1234, StreamKind.Video, 90000);
        stream.OnPacket(Header(1, 0, marker: true), 1000, 0);
        Assert.True(stream.IsFrozenAt(2000));

        stream.End();

        Assert.True(stream.Ended);
        Assert.False(stream.IsFrozenAt(2000));
        Assert.Equal((1L, 0), (stream.Frames, stream.Freezes));
    }
}
