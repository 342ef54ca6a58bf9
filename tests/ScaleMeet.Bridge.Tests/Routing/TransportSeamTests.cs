using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Net;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Dtls;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>
/// The router forwards from a producer whose sender is not a local participant to a consumer whose receiver is not a
/// local WebRTC connection — the shape of relayed media — using nothing but the transport seam: keyframe requests go
/// to the sender's upstream transport, media to the receiver's downstream transport with the consumer's SSRC.
/// Driven on the test thread with no loop running (the router's single owner, as the benchmarks do it).
/// </summary>
public sealed class TransportSeamTests : IDisposable
{
    private readonly MediaSocket _socket = new(IPAddress.Loopback, 0);
    private readonly MediaRouter _router;

    public TransportSeamTests()
    {
        _router = new MediaRouter(BridgeHarness.BridgeId, new BridgeOptions(), _socket, DtlsCertificate.Generate(), new RecordingEventSink(),
            TimeProvider.System, NullLogger.Instance);
    }

    [Fact]
    public void RemoteSenderToRemoteReceiver_KeyframeRequestedUpstream_MediaSentDownstreamWithConsumerSsrc()
    {
        var conference = new Conference("room");
        var upstream = new RecordingMediaTransport();
        var downstream = new RecordingMediaTransport();
        var sender = new SeamSender(conference, "remote-alice", upstream);
        var producer = new Producer(sender, MediaKind.Video, "0", SyntheticSdp.Vp8PayloadType, null, 0);
        var layer = new ProducerLayer(producer, 0, null, 360, null) { Ssrc = 1000 };
        producer.Layers.Add(layer);
        sender.Producers.Add(producer);
        var receiver = new RemoteReceiver(conference, "relay-to-b", downstream);
        var consumer = new Consumer(producer, receiver, "0", 5000, 5001, firstSequence: 700, firstTimestamp: 90_000) { Negotiated = true, TargetLayer = 0, DesiredLayer = 0 };
        producer.Consumers.Add(consumer);
        var packet = new byte[1500];

        // A delta frame while the consumer waits for a keyframe: nothing goes down, a PLI goes up to the sender.
        Forward(layer, packet, SyntheticRtp.WriteVp8(packet, 1000, 10, 3000, true, true, keyFrame: false, 1, 400));

        Assert.Empty(downstream.Rtp);
        var pliPacket = Assert.Single(upstream.Rtcp);
        Assert.True(Pli.TryParse(pliPacket, out var pli));
        Assert.Equal(1000u, pli.MediaSsrc);
        Assert.Equal(upstream.LocalRtcpSsrc, pli.SenderSsrc);

        // The keyframe starts the consumer: its own SSRC, sequence numbers from its start, the payload unchanged.
        Forward(layer, packet, SyntheticRtp.WriteVp8(packet, 1000, 11, 6000, true, true, keyFrame: true, 2, 400));
        Forward(layer, packet, SyntheticRtp.WriteVp8(packet, 1000, 12, 9000, true, true, keyFrame: false, 3, 400));

        Assert.Equal(2, downstream.Rtp.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.True(RtpHeader.TryParse(downstream.Rtp[i], out var sent));
            Assert.Equal(5000u, sent.Ssrc);
            Assert.Equal((ushort)(700 + i), sent.SequenceNumber);
            Assert.Equal(SyntheticSdp.Vp8PayloadType, sent.PayloadType);
        }

        Assert.Equal(2, consumer.PacketsSent);
        Assert.Equal(2, downstream.NextTransportSequence);
    }

    [Fact]
    public void ReceiverNotConnected_NothingSent_ConsumerNotStarted()
    {
        var conference = new Conference("room");
        var downstream = new RecordingMediaTransport(connected: false);
        var sender = new SeamSender(conference, "remote-alice", new RecordingMediaTransport());
        var producer = new Producer(sender, MediaKind.Audio, "0", SyntheticSdp.OpusPayloadType, null, 0);
        var layer = new ProducerLayer(producer, 0, null, 0, null) { Ssrc = 2000 };
        producer.Layers.Add(layer);
        var consumer = new Consumer(producer, new RemoteReceiver(conference, "relay-to-b", downstream), "0", 6000, 6001, 1, 1) { Negotiated = true, TargetLayer = 0 };
        producer.Consumers.Add(consumer);
        var packet = new byte[1500];

        Forward(layer, packet, SyntheticRtp.WriteOpus(packet, 2000, 1, 960, 0, true, 20, 100));

        Assert.Empty(downstream.Rtp);
        Assert.False(consumer.Started);
    }

    private void Forward(ProducerLayer layer, byte[] packet, int length)
    {
        Assert.True(RtpHeader.TryParse(packet.AsSpan(0, length), out var header));
        _router.Forward(layer, packet.AsSpan(0, length), in header);
    }

    public void Dispose()
    {
        _router.CloseAll();
        _router.DtlsPool.Dispose();
        _socket.Dispose();
    }
}
