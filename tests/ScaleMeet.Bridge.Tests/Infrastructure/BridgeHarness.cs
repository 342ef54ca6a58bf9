using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Contracts.Control;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Tests.Infrastructure;

/// <summary>
/// A real <see cref="MediaBridge"/> on a free loopback UDP port, the test's event sink, and helpers that bring
/// synthetic participants in: a publisher (audio + video) and subscribers that answer their offers and connect.
/// </summary>
internal sealed class BridgeHarness : IAsyncDisposable
{
    public const string BridgeId = "bridge-test";
    public const string Conference = "room";

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly List<BridgeParticipant> _participants = [];

    public BridgeHarness(Action<BridgeOptions>? configure = null)
    {
        Options = new BridgeOptions { UdpPort = 0, BindAddress = "127.0.0.1", AdvertiseAddresses = ["127.0.0.1"] };
        configure?.Invoke(Options);
        Bridge = new MediaBridge(BridgeId, Options, Events, NullLoggerFactory.Instance, TimeProvider.System);
        Bridge.Start();
    }

    public BridgeOptions Options { get; }

    public RecordingEventSink Events { get; } = new();

    public MediaBridge Bridge { get; }

    /// <summary>Options for every synthetic transport (consent checks often enough for short consent timeouts).</summary>
    public SyntheticTransportOptions PeerOptions { get; set; } = new() { ConsentInterval = TimeSpan.FromMilliseconds(500) };

    public Task<BridgeReply> SendAsync(BridgeRequest request) => Bridge.SendAsync(request, CancellationToken.None).WaitAsync(Wait);

    /// <summary>Allocates an endpoint and returns its participant (transports created, nothing connected).</summary>
    public async Task<Peer> JoinAsync(string endpointId)
    {
        var participant = new BridgeParticipant(Bridge, Conference, endpointId, PeerOptions);
        _participants.Add(participant);
        var peer = new Peer(participant);
        await participant.AllocateAsync(endpointId + " (synthetic)").WaitAsync(Wait);
        return peer;
    }

    /// <summary>Publishes audio and video from <paramref name="peer"/> and connects its publish transport.</summary>
    public async Task PublishAsync(Peer peer, SyntheticTracks? tracks = null) =>
        await peer.Participant.PublishAsync(tracks ?? SyntheticTracks.Create()).WaitAsync(Wait);

    /// <summary>Answers the next subscribe offer for <paramref name="peer"/> (connecting on the first) and returns the offer.</summary>
    public async Task<SubscribeOfferEvent> AnswerNextOfferAsync(Peer peer)
    {
        var offer = await Events.Recorder.WaitForSubscribeOfferAsync(peer.Id, peer.Participant.SubscribeVersion, Wait);
        await peer.Participant.AnswerSubscribeOfferAsync(offer).WaitAsync(Wait);
        return offer;
    }

    /// <summary>
    /// A publishes audio + video, B subscribes to both. Returns once the bridge has B's subscribe transport connected,
    /// which it shows by asking A for a keyframe (the PLI that follows a new receiver's DTLS handshake).
    /// </summary>
    public async Task<(Peer A, Peer B)> ConnectPairAsync(SyntheticTracks? tracks = null)
    {
        var a = await JoinAsync("A");
        var b = await JoinAsync("B");
        await PublishAsync(a, tracks);

        // The bridge offers once per new producer (audio, then video once the first answer is in).
        while (b.Participant.FindSubscribedTrack(a.Id, "audio") is null || b.Participant.FindSubscribedTrack(a.Id, "video") is null)
        {
            await AnswerNextOfferAsync(b);
        }

        var videoSsrc = a.Participant.Tracks!.VideoSsrc;
        await Eventually.WaitAsync(() => a.PublishRtcp.PliTimes(videoSsrc).Count >= 1, "the PLI that follows B's subscribe handshake");
        return (a, b);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _participants)
        {
            p.Dispose();
        }

        await Bridge.DisposeAsync();
    }
}

/// <summary>A participant with logs of everything its transports receive.</summary>
internal sealed class Peer
{
    public Peer(BridgeParticipant participant)
    {
        Participant = participant;
        participant.Publish.RtcpReceived = PublishRtcp.Add;
        participant.Publish.RtpReceived = PublishRtp.Add;
        participant.Subscribe.RtpReceived = SubscribeRtp.Add;
        participant.Subscribe.RtcpReceived = SubscribeRtcp.Add;
    }

    public BridgeParticipant Participant { get; }

    public string Id => Participant.EndpointId;

    public PacketLog PublishRtp { get; } = new();

    public PacketLog PublishRtcp { get; } = new();

    public PacketLog SubscribeRtp { get; } = new();

    public PacketLog SubscribeRtcp { get; } = new();

    /// <summary>The receiver-side SSRC (and RTX SSRC) of <paramref name="sender"/>'s track in this peer's last subscribe offer.</summary>
    public (uint Ssrc, uint? RtxSsrc, string Mid) SubscribedTrack(Peer sender, string kind) =>
        Participant.FindSubscribedTrack(sender.Id, kind) ?? throw new InvalidOperationException($"{Id} has no {kind} section for {sender.Id}");
}

/// <summary>Builds RTCP feedback packets as a receiver sends them.</summary>
internal static class Feedback
{
    public static byte[] Pli(uint sender, uint media)
    {
        var buffer = new byte[Media.Rtcp.Pli.Size];
        Assert.True(new Pli(sender, media).TryWrite(buffer, out _));
        return buffer;
    }

    public static byte[] Fir(uint sender, uint media, byte sequence)
    {
        var buffer = new byte[64];
        Assert.True(Media.Rtcp.Fir.TryWrite(buffer, sender, 0, [new FirEntry(media, sequence)], out var written));
        return buffer[..written];
    }

    public static byte[] Nack(uint sender, uint media, params ushort[] lost)
    {
        var buffer = new byte[256];
        Assert.True(GenericNack.TryWrite(buffer, sender, media, lost, out var written));
        return buffer[..written];
    }
}
