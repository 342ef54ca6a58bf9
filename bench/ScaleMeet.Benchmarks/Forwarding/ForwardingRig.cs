using ScaleMeet.Bridge.Conferences;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Bridge;
using ScaleMeet.Bridge.Control;
using ScaleMeet.Bridge.Loop;
using ScaleMeet.Bridge.Net;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Contracts.Control;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Benchmarks.Forwarding;

/// <summary>
/// One sender and N receivers connected for real (ICE, DTLS, SRTP over loopback UDP) to a bridge router, then handed
/// to the benchmark thread. The router is assembled from the bridge's own parts as <see cref="MediaBridge.Start"/> does
/// (socket, certificate, <see cref="MediaRouter"/>, <see cref="MediaLoop"/>) so that, once every consumer has started
/// on a key frame, the loop thread can be stopped: from then on the benchmark thread is the router's single owner,
/// as the threading rule requires. Receivers stop reading their sockets (the kernel drops what overflows) so their
/// decryption does not compete for the CPU; consent checks stop so nothing else reaches the bridge.
/// </summary>
internal sealed class ForwardingRig : IDisposable
{
    private const string Conference = "bench";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly MediaSocket _socket;
    private readonly MediaLoop _loop;
    private readonly List<BridgeParticipant> _participants = [];

    private ForwardingRig(MediaSocket socket, MediaRouter router, MediaLoop loop)
    {
        _socket = socket;
        Router = router;
        _loop = loop;
    }

    public MediaRouter Router { get; }

    /// <summary>The bridge's socket: sends queue until <see cref="MediaSocket.Flush"/>.</summary>
    public MediaSocket Socket => _socket;

    public ProducerLayer Layer { get; private set; } = null!;

    public static ForwardingRig Create(int receivers) => CreateAsync(receivers).GetAwaiter().GetResult();

    private static async Task<ForwardingRig> CreateAsync(int receivers)
    {
        var options = new BridgeOptions { UdpPort = 0, BindAddress = "127.0.0.1", AdvertiseAddresses = ["127.0.0.1"] };
        var events = new BridgeEventRecorder();
        var socket = new MediaSocket(IPAddress.Loopback, 0);
        var router = new MediaRouter("bench", options, socket, DtlsCertificate.Generate(), events, TimeProvider.System, NullLogger.Instance)
        {
            Candidates = [socket.LocalEndPoint],
        };
        var loop = new MediaLoop(socket, router, TimeProvider.System, NullLogger.Instance);
        router.Loop = loop;
        loop.Start();
        var rig = new ForwardingRig(socket, router, loop);
        try
        {
            var requests = new RequestProcessor(loop, router, options.Negotiation, NullLogger.Instance);
            await rig.ConnectAsync(new LoopControl(requests), events, receivers).ConfigureAwait(false);
            return rig;
        }
        catch
        {
            rig.Dispose();
            throw;
        }
    }

    private async Task ConnectAsync(IBridgeControl control, BridgeEventRecorder events, int receiverCount)
    {
        var peerOptions = new SyntheticTransportOptions { Certificate = DtlsCertificate.Generate("bench-peer"), ConnectTimeout = Wait };
        var sender = Add(new BridgeParticipant(control, Conference, "sender", peerOptions));
        await sender.AllocateAsync("sender").ConfigureAwait(false);
        var receivers = new List<BridgeParticipant>();
        for (var i = 0; i < receiverCount; i++)
        {
            var receiver = Add(new BridgeParticipant(control, Conference, $"receiver-{i}", peerOptions));
            await receiver.AllocateAsync(receiver.EndpointId).ConfigureAwait(false);
            receivers.Add(receiver);
        }

        var tracks = SyntheticTracks.Create(audio: false);
        await sender.PublishAsync(tracks).ConfigureAwait(false);
        var firstPackets = new int[receiverCount];
        for (var i = 0; i < receiverCount; i++)
        {
            var index = i;
            receivers[i].Subscribe.RtpReceived = _ => Interlocked.Increment(ref firstPackets[index]);
            var offer = await events.WaitForSubscribeOfferAsync(receivers[i].EndpointId, 0, Wait).ConfigureAwait(false);
            await receivers[i].AnswerSubscribeOfferAsync(offer).ConfigureAwait(false);
        }

        // Key frames until every receiver has one: each consumer has then started (no longer waits for a key frame).
        var packet = new byte[SyntheticRtp.MaxPacketLength];
        var deadline = DateTime.UtcNow + Wait;
        for (ushort seq = 1; firstPackets.Any(n => n == 0); seq++)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not every receiver got a key frame within {Wait.TotalSeconds} s");
            }

            var length = SyntheticRtp.WriteVp8(packet, tracks.VideoSsrc, seq, seq * 3000u, true, true, keyFrame: true, seq, 1200);
            sender.Publish.SendRtp(packet.AsSpan(0, length));
            await Task.Delay(50).ConfigureAwait(false);
        }

        foreach (var p in _participants)
        {
            p.Publish.StopConsentChecks();
            p.Subscribe.StopConsentChecks();
            p.Subscribe.PauseReceiving();
            p.Publish.PauseReceiving();
        }

        // Hand the router over: after Dispose returns, the loop thread has exited.
        _loop.Dispose();
        Layer = Router.Conferences[new ConferenceKey(Conference, 0)].Endpoints[sender.EndpointId].Producers.Single(p => p.Kind == MediaKind.Video).Layers[0];
        var ready = Layer.Producer.Consumers.Count(c => c.Started && !c.WaitingForKeyframe && c.Receiver.Downstream is { IsConnected: true });
        if (ready != receiverCount)
        {
            throw new InvalidOperationException($"{ready} of {receiverCount} consumers are ready to forward");
        }
    }

    private BridgeParticipant Add(BridgeParticipant participant)
    {
        _participants.Add(participant);
        return participant;
    }

    public void Dispose()
    {
        _loop.Dispose();
        Router.CloseAll();
        foreach (var p in _participants)
        {
            p.Dispose();
        }

        _socket.Dispose();
    }

    /// <summary><see cref="IBridgeControl"/> over the loop, as <see cref="MediaBridge.SendAsync"/> does it.</summary>
    private sealed class LoopControl(RequestProcessor requests) : IBridgeControl
    {
        public string BridgeId => "bench";

        public Task<BridgeReply> SendAsync(BridgeRequest request, CancellationToken cancellationToken) =>
            requests.SendAsync(request).WaitAsync(cancellationToken);
    }
}
