using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Media.Codecs;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>One publisher, one subscriber, real sockets: what the subscriber receives is what was sent, rewritten.</summary>
public sealed class ForwardingTests
{
    [Fact]
    public async Task AudioAndVideo_OneSubscriber_EveryPacketForwardedRewritten()
    {
        await using var harness = new BridgeHarness();
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video");
        var audio = b.SubscribedTrack(a, "audio");

        sender.SendVideoFrame(keyFrame: true);
        for (var i = 0; i < 10; i++)
        {
            sender.SendVideoFrame(keyFrame: false);
            sender.SendAudio(level: (byte)(30 + i));
        }

        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count >= sender.Video.Count && b.SubscribeRtp.RtpOf(audio.Ssrc).Count >= sender.Audio.Count,
            $"{sender.Video.Count} video and {sender.Audio.Count} audio packets at B");

        AssertForwarded(sender.Video, b.SubscribeRtp.RtpOf(video.Ssrc), video.Ssrc, expectedPayloadType: 96, audioLevel: false);
        AssertForwarded(sender.Audio, b.SubscribeRtp.RtpOf(audio.Ssrc), audio.Ssrc, expectedPayloadType: 111, audioLevel: true);
        Assert.True(Vp8PayloadDescriptor.IsKeyFrame(b.SubscribeRtp.RtpOf(video.Ssrc)[0].Rtp.GetPayload(b.SubscribeRtp.RtpOf(video.Ssrc)[0].Data)));
        Assert.Equal(0, b.Participant.Subscribe.SrtpDropped);
    }

    [Fact]
    public async Task DeltaFramesBeforeKeyFrame_NewConsumer_WaitsForKeyFrame()
    {
        await using var harness = new BridgeHarness();
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video");

        for (var i = 0; i < 5; i++)
        {
            sender.SendVideoFrame(keyFrame: false);
        }

        var firstKeyFramePacket = sender.Video.Count;
        sender.SendVideoFrame(keyFrame: true);
        sender.SendVideoFrame(keyFrame: false);

        var expected = sender.Video.Skip(firstKeyFramePacket).ToList();
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count >= expected.Count, "the key frame and what follows at B");

        // Loopback keeps order and the bridge forwards in order: had any delta frame been forwarded, it would come first.
        var received = b.SubscribeRtp.RtpOf(video.Ssrc);
        Assert.Equal(expected.Count, received.Count);
        AssertForwarded(expected, received, video.Ssrc, expectedPayloadType: 96, audioLevel: false);
        Assert.True(Vp8PayloadDescriptor.IsKeyFrame(received[0].Rtp.GetPayload(received[0].Data)));
    }

    /// <summary>
    /// Strict comparison, packet by packet: SSRC from the subscribe offer, the negotiated payload type, sequence
    /// numbers continuous, one sequence offset and one timestamp offset for the whole stream, marker kept,
    /// payload bytes identical, and for audio the level carried under extension id 1.
    /// </summary>
    internal static void AssertForwarded(IReadOnlyList<byte[]> sent, IReadOnlyList<LoggedPacket> received, uint ssrc, byte expectedPayloadType, bool audioLevel)
    {
        Assert.Equal(sent.Count, received.Count);
        ushort? sequenceOffset = null;
        uint? timestampOffset = null;
        ushort? previous = null;
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.True(RtpHeader.TryParse(sent[i], out var s));
            var r = received[i].Rtp;
            var data = received[i].Data;
            Assert.Equal(ssrc, r.Ssrc);
            Assert.Equal(expectedPayloadType, r.PayloadType);
            Assert.Equal(s.Marker, r.Marker);
            if (previous is { } p)
            {
                Assert.Equal(unchecked((ushort)(p + 1)), r.SequenceNumber);
            }

            previous = r.SequenceNumber;
            var seqOffset = unchecked((ushort)(r.SequenceNumber - s.SequenceNumber));
            var tsOffset = unchecked(r.Timestamp - s.Timestamp);
            Assert.Equal(sequenceOffset ??= seqOffset, seqOffset);
            Assert.Equal(timestampOffset ??= tsOffset, tsOffset);
            Assert.Equal(s.GetPayload(sent[i]).ToArray(), r.GetPayload(data).ToArray());
            if (audioLevel)
            {
                Assert.True(r.TryGetExtension(data, 1, out var level), $"packet {i} lost its audio level");
                Assert.Equal(LevelOf(sent[i]), level[0]);
            }
        }
    }

    private static byte LevelOf(byte[] packet)
    {
        Assert.True(RtpHeader.TryParse(packet, out var h));
        foreach (var e in h.EnumerateExtensions(packet))
        {
            return e.Value[0];
        }

        throw new InvalidOperationException("no extension");
    }
}
