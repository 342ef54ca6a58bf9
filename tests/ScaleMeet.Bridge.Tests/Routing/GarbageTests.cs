using System.Net;
using System.Net.Sockets;
using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>Hostile and broken datagrams are counted as dropped, one each, and media keeps flowing.</summary>
public sealed class GarbageTests
{
    private static readonly byte[] s_firstBytes = [0, 1, 2, 3, 20, 22, 63, 64, 100, 127, 128, 144, 191, 192, 255];

    [Fact]
    public async Task RandomAndMalformedDatagrams_CountedAsDroppedOnce_ForwardingContinues()
    {
        await using var harness = new BridgeHarness();
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video");
        sender.SendVideoFrame(keyFrame: true);
        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count == 3, "the key frame at B");
        var droppedBefore = harness.Bridge.GetPacketStats().Dropped;
        var random = new Random(20240611);
        var sent = 0;

        // From a socket the bridge has never seen: every range of RFC 7983 and outside it.
        using (var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var bridge = new IPEndPoint(IPAddress.Loopback, harness.Bridge.UdpPort);
            for (var i = 0; i < 300; i++)
            {
                var datagram = new byte[random.Next(1, 1400)];
                random.NextBytes(datagram);
                datagram[0] = s_firstBytes[i % s_firstBytes.Length];
                stranger.SendTo(datagram, bridge);
                sent++;
            }
        }

        // From the connected publisher: forged tags, truncations, random SRTP- and SRTCP-looking bytes.
        var publish = a.Participant.Publish;
        var protectedPacket = new byte[1600];
        var plain = new byte[1200];
        var forger = new MediaSender(publish, a.Participant.Tracks! with { VideoSsrc = 0x5EED5EED });
        for (var i = 0; i < 40; i++)
        {
            var length = forger.WriteNextVideo(plain, keyFrame: true);
            Assert.True(publish.TryProtectRtp(plain.AsSpan(0, length), protectedPacket, out var written));
            if (i % 2 == 0)
            {
                protectedPacket[written - 1 - random.Next(16)] ^= (byte)(1 << random.Next(8));
                publish.SendRaw(protectedPacket.AsSpan(0, written));
            }
            else
            {
                publish.SendRaw(protectedPacket.AsSpan(0, random.Next(1, written - 1)));
            }

            sent++;
        }

        for (var i = 0; i < 60; i++)
        {
            var datagram = new byte[random.Next(1, 300)];
            random.NextBytes(datagram);
            datagram[0] = (byte)(0x80 | random.Next(0x40));
            if (i % 2 == 0 && datagram.Length >= 2)
            {
                datagram[1] = (byte)random.Next(RtcpPacketType.SR, RtcpPacketType.PSFB + 1);
            }

            publish.SendRaw(datagram);
            sent++;
        }

        await Eventually.WaitAsync(() => harness.Bridge.GetPacketStats().Dropped - droppedBefore >= sent, $"{sent} drops counted");

        for (var i = 0; i < 3; i++)
        {
            sender.SendVideoFrame(keyFrame: false);
        }

        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(video.Ssrc).Count == sender.Video.Count, "the frames sent after the garbage at B");
        ForwardingTests.AssertForwarded(sender.Video, b.SubscribeRtp.RtpOf(video.Ssrc), video.Ssrc, 96, audioLevel: false);
        Assert.Equal(sent, harness.Bridge.GetPacketStats().Dropped - droppedBefore);
    }

    [Fact]
    public async Task StunRequest_BadIntegrity_AnsweredAndCountedAsDropped()
    {
        await using var harness = new BridgeHarness();
        var (a, _) = await harness.ConnectPairAsync();
        var publish = a.Participant.Publish;
        var droppedBefore = harness.Bridge.GetPacketStats().Dropped;
        var unmatchedBefore = publish.OtherDropped;

        var request = new byte[256];
        var length = IceBindingRequest.Write(request, new byte[12] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, publish.Remote!.IceUfrag, publish.LocalUfrag,
            "not-the-bridge-password-at-all", 0x6E7F1EFF, 42, useCandidate: true);
        publish.SendRaw(request.AsSpan(0, length));

        // The bridge answers with an unauthenticated 401, which our transport does not accept as a response.
        await Eventually.WaitAsync(() => publish.OtherDropped > unmatchedBefore, "the bridge's error response");
        Assert.Equal(droppedBefore + 1, harness.Bridge.GetPacketStats().Dropped);
    }
}
