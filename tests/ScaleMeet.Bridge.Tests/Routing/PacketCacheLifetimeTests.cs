using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Contracts.Control;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>A video layer holds a packet cache from its first packet until its producer goes; the pool bounds them all.</summary>
public sealed class PacketCacheLifetimeTests
{
    private const uint ReceiverSsrc = 0x0C0C0C0C;

    [Fact]
    public async Task SimulcastPublished_CachesOnlyForLayersThatCarryPackets_ReturnedWhenTheProducerGoes()
    {
        await using var harness = new BridgeHarness();
        var pool = () => (harness.Bridge.Router!.Caches.InUse, harness.Bridge.Router!.Caches.Idle);
        var a = await harness.JoinAsync("A");
        var b = await harness.JoinAsync("B");
        var tracks = SyntheticTracks.Create(simulcast: true);
        await harness.PublishAsync(a, tracks);
        await harness.AnswerNextOfferAsync(b);
        Assert.Equal((0, 0), pool());

        // Only the lowest layer sends: one cache for three negotiated layers, none for audio.
        var publisher = SimulcastSender(a, tracks);
        await Eventually.WaitAsync(() =>
        {
            publisher.SendAudio(40);
            publisher.SendLayerFrame(0);
            return pool() == (1, 0);
        }, "one packet cache in use");
        Assert.Equal(1, harness.Bridge.Router!.Caches.InUse);

        Assert.IsType<OkReply>(await harness.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, "A")));
        Assert.Equal((0, 1), await OnLoopAsync(harness, pool));

        // The last conference ended: the idle cache is freed too.
        Assert.IsType<OkReply>(await harness.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, "B")));
        Assert.Equal((0, 0), await OnLoopAsync(harness, pool));
    }

    [Fact]
    public async Task PoolExhausted_SecondSenderForwardedWithoutCache_ItsNacksUnanswered()
    {
        // 1 MiB holds one 512-packet cache.
        await using var harness = new BridgeHarness(o => o.PacketCachePool.MaxMegabytes = 1);
        Assert.Equal(1, harness.Bridge.Router!.Caches.Capacity);
        var (a, b) = await harness.ConnectPairAsync();
        var c = await harness.JoinAsync("C");
        var cTracks = SyntheticTracks.Create();
        await harness.PublishAsync(c, cTracks);
        while (b.Participant.FindSubscribedTrack("C", "video") is null)
        {
            await harness.AnswerNextOfferAsync(b);
        }

        var fromA = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var fromC = new MediaSender(c.Participant.Publish, cTracks);
        var videoA = b.SubscribedTrack(a, "video");
        var videoC = b.SubscribedTrack(c, "video");
        await Eventually.WaitAsync(() =>
        {
            fromA.SendVideoFrame(keyFrame: true);
            return b.SubscribeRtp.RtpOf(videoA.Ssrc).Count > 0;
        }, "A's video at B");
        await Eventually.WaitAsync(() =>
        {
            fromC.SendVideoFrame(keyFrame: true);
            return b.SubscribeRtp.RtpOf(videoC.Ssrc).Count > 0;
        }, "C's video at B (forwarded without a cache)");
        Assert.Equal(1, harness.Bridge.Router.Caches.InUse);
        Assert.InRange(harness.Bridge.Router.Caches.Refused, 1, long.MaxValue);

        // C's NACK first, then A's on the same transport: once A's RTX is in, C's NACK has been handled.
        var lostC = b.SubscribeRtp.RtpOf(videoC.Ssrc)[0].Rtp.SequenceNumber;
        var lostA = b.SubscribeRtp.RtpOf(videoA.Ssrc)[0].Rtp.SequenceNumber;
        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Nack(ReceiverSsrc, videoC.Ssrc, lostC)));
        Assert.True(b.Participant.Subscribe.SendRtcp(Feedback.Nack(ReceiverSsrc, videoA.Ssrc, lostA)));
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(videoA.RtxSsrc!.Value).Count > 0, "A's RTX at B");

        Assert.Empty(b.SubscribeRtp.RtpOf(videoC.RtxSsrc!.Value));
    }

    private static Task<T> OnLoopAsync<T>(BridgeHarness harness, Func<T> read) =>
        harness.Bridge.Loop!.InvokeAsync(read).WaitAsync(BridgeHarness.Wait);

    private static SimulcastFrames SimulcastSender(Peer peer, SyntheticTracks tracks) => new(peer.Participant.Publish, tracks);

    /// <summary>VP8 keyframes on one simulcast layer (rid header extension set, so the bridge learns the SSRC) and Opus.</summary>
    private sealed class SimulcastFrames(SyntheticTransport transport, SyntheticTracks tracks)
    {
        private readonly byte[] _buffer = new byte[SyntheticRtp.MaxPacketLength];
        private ushort _sequence = 100;
        private ushort _audioSequence = 100;

        public void SendLayerFrame(int layer)
        {
            // A plain VP8 keyframe packet, then the same payload behind a header carrying the rid and mid extensions.
            var l = tracks.SimulcastLayers![layer];
            Span<byte> plain = stackalloc byte[SyntheticRtp.MaxPacketLength];
            var plainLength = SyntheticRtp.WriteVp8(plain, l.Ssrc, _sequence, _sequence * 3000u, true, true, keyFrame: true, _sequence, 600);
            var writer = new RtpHeaderWriter(_buffer);
            writer.WriteFixedHeader(true, SyntheticSdp.Vp8PayloadType, _sequence, _sequence * 3000u, l.Ssrc);
            writer.AddExtension(tracks.RidExtensionId, System.Text.Encoding.ASCII.GetBytes(l.Rid));
            writer.AddExtension(tracks.MidExtensionId, System.Text.Encoding.ASCII.GetBytes(tracks.VideoMid));
            var offset = writer.Finish();
            plain[12..plainLength].CopyTo(_buffer.AsSpan(offset));
            _sequence++;
            Assert.True(transport.SendRtp(_buffer.AsSpan(0, offset + plainLength - 12)));
        }

        public void SendAudio(byte level)
        {
            var length = SyntheticRtp.WriteOpus(_buffer, tracks.AudioSsrc, _audioSequence, _audioSequence * 960u, tracks.AudioLevelExtensionId, true, level, 100);
            _audioSequence++;
            Assert.True(transport.SendRtp(_buffer.AsSpan(0, length)));
        }
    }
}
