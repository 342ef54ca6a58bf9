using ScaleMeet.LoadTest.Peers;

namespace ScaleMeet.Bridge.Tests.Infrastructure;

/// <summary>Sends synthetic VP8 frames and Opus packets over a publish transport and keeps a copy of every plain packet sent.</summary>
internal sealed class MediaSender(SyntheticTransport transport, SyntheticTracks tracks)
{
    private readonly byte[] _buffer = new byte[SyntheticRtp.MaxPacketLength];
    private ushort _videoSequence = 40_000;
    private uint _videoTimestamp = 3_000_000_000;
    private ushort _pictureId = 100;
    private ushort _audioSequence = 65_500;
    private uint _audioTimestamp = 4_294_000_000;

    public List<byte[]> Video { get; } = [];

    public List<byte[]> Audio { get; } = [];

    /// <summary>One frame of <paramref name="packets"/> packets (the last with the marker bit), 90 kHz timestamps 33 ms apart.</summary>
    public void SendVideoFrame(bool keyFrame, int packets = 3, int packetLength = 1000)
    {
        for (var i = 0; i < packets; i++)
        {
            var length = SyntheticRtp.WriteVp8(_buffer, tracks.VideoSsrc, _videoSequence++, _videoTimestamp, marker: i == packets - 1,
                startOfFrame: i == 0, keyFrame, _pictureId, packetLength);
            Send(length, Video);
        }

        _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
        _videoTimestamp += 2970;
    }

    /// <summary>One 20 ms Opus packet with the audio level <paramref name="level"/> (−dBov).</summary>
    public void SendAudio(byte level, int packetLength = 120)
    {
        var length = SyntheticRtp.WriteOpus(_buffer, tracks.AudioSsrc, _audioSequence++, _audioTimestamp, tracks.AudioLevelExtensionId,
            voice: true, level, packetLength);
        _audioTimestamp += 960;
        Send(length, Audio);
    }

    /// <summary>Writes (without sending) the next video packet, for tests that corrupt it.</summary>
    public int WriteNextVideo(Span<byte> destination, bool keyFrame) =>
        SyntheticRtp.WriteVp8(destination, tracks.VideoSsrc, _videoSequence++, _videoTimestamp, true, true, keyFrame, _pictureId++, 500);

    private void Send(int length, List<byte[]> sent)
    {
        var packet = _buffer[..length];
        Assert.True(transport.SendRtp(packet), "the publish transport refused to send");
        sent.Add(packet);
    }
}
