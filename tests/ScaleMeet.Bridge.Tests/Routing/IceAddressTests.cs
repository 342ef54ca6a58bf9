using System.Net;
using System.Net.Sockets;
using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.LoadTest.Hostile;
using ScaleMeet.LoadTest.Peers;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>
/// Where the bridge sends a receiver's media: only where an authenticated, never-seen nomination came from. Checks
/// from elsewhere and replays do not move it; a browser that really moved (it nominates from its new address) does.
/// </summary>
public sealed class IceAddressTests
{
    /// <summary>A second socket of the same (hostile) client, counting what the bridge sends it by kind.</summary>
    private sealed class SecondSocket : IDisposable
    {
        private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _receiving;
        private int _stun;
        private int _media;

        public SecondSocket() => _receiving = Task.Run(ReceiveAsync);

        public IPEndPoint LocalEndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

        public int StunReceived => Volatile.Read(ref _stun);

        public int MediaReceived => Volatile.Read(ref _media);

        public void Send(byte[] datagram, IPEndPoint to) => _udp.Send(datagram, to);

        public void Dispose()
        {
            _stop.Cancel();
            _udp.Dispose();
            try
            {
                _receiving.Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException)
            {
            }
        }

        private async Task ReceiveAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult result;
                try
                {
                    result = await _udp.ReceiveAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                if (result.Buffer.Length > 0 && result.Buffer[0] < 4)
                {
                    Interlocked.Increment(ref _stun);
                }
                else if (result.Buffer.Length > 0 && result.Buffer[0] is >= 128 and <= 191)
                {
                    Interlocked.Increment(ref _media);
                }
            }
        }
    }

    private static async Task<int> MediaFlowsAsync(MediaSender sender, Peer b, uint ssrc, int frames)
    {
        var before = b.SubscribeRtp.RtpOf(ssrc).Count;
        for (var i = 0; i < frames; i++)
        {
            sender.SendVideoFrame(keyFrame: i == 0);
        }

        await Eventually.WaitAsync(() => b.SubscribeRtp.RtpOf(ssrc).Count == before + (frames * 3), $"{frames * 3} more video packets at B's real address");
        return b.SubscribeRtp.RtpOf(ssrc).Count;
    }

    [Fact]
    public async Task SpoofedAndReplayedChecks_FromAnotherSocket_MediaStaysAtTheRealAddress()
    {
        await using var harness = new BridgeHarness();
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video").Ssrc;
        var server = b.Participant.Subscribe.Remote!.Candidate;
        using var other = new SecondSocket();
        await MediaFlowsAsync(sender, b, video, frames: 2);

        // A nomination from the real address, captured and replayed from the other socket; then the other socket's
        // own authenticated check (the hostile client knows the credentials), without USE-CANDIDATE.
        var nomination = SpoofedChecks.Write(b.Participant.Subscribe, useCandidate: true);
        b.Participant.Subscribe.SendRaw(nomination);
        for (var i = 0; i < 3; i++)
        {
            other.Send(nomination, server);
        }

        other.Send(SpoofedChecks.Write(b.Participant.Subscribe, useCandidate: false), server);
        var counters = harness.Bridge.Budgets!;
        await Eventually.WaitAsync(() => counters.IceReplays == 3 && counters.IceChecksFromOtherAddress == 1, "3 replays dropped, 1 check answered");
        await Eventually.WaitAsync(() => other.StunReceived >= 1, "the answer to the other socket's own check");

        await MediaFlowsAsync(sender, b, video, frames: 3);
        Assert.Equal(0, other.MediaReceived);
        Assert.Equal(1, other.StunReceived); // the answer to its own check; none to the replays
    }

    [Fact]
    public async Task Nomination_FromANewAddress_MediaMovesThere()
    {
        await using var harness = new BridgeHarness();
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video").Ssrc;
        using var moved = new SecondSocket();

        // What a browser does after a network change: an authenticated check with USE-CANDIDATE from the new address.
        moved.Send(SpoofedChecks.Write(b.Participant.Subscribe, useCandidate: true), b.Participant.Subscribe.Remote!.Candidate);
        await Eventually.WaitAsync(() => moved.StunReceived == 1, "the nomination answered");
        var atOldAddress = b.SubscribeRtp.RtpOf(video).Count;
        for (var i = 0; i < 3; i++)
        {
            sender.SendVideoFrame(keyFrame: i == 0);
        }

        await Eventually.WaitAsync(() => moved.MediaReceived == 9, "the media at the new address");
        Assert.Equal(atOldAddress, b.SubscribeRtp.RtpOf(video).Count);
    }

    [Fact]
    public async Task ManyAddresses_PerTransport_BoundedOldestUnusedForgotten()
    {
        await using var harness = new BridgeHarness(o => o.Budgets.MaxRemoteAddresses = 3);
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video").Ssrc;
        var server = b.Participant.Subscribe.Remote!.Candidate;
        var before = (await harness.Bridge.GetSnapshotAsync()).RemoteAddresses;
        var sockets = Enumerable.Range(0, 5).Select(_ => new SecondSocket()).ToArray();
        try
        {
            foreach (var socket in sockets)
            {
                socket.Send(SpoofedChecks.Write(b.Participant.Subscribe, useCandidate: false), server);
                await Eventually.WaitAsync(() => socket.StunReceived == 1, "the check answered");
            }

            // B's subscribe transport holds its media address and the two newest others: 5 + 1 − 3 = 3 forgotten.
            Assert.Equal(3, harness.Bridge.Budgets!.IceAddressesEvicted);
            Assert.Equal(before + 2, (await harness.Bridge.GetSnapshotAsync()).RemoteAddresses);
            await MediaFlowsAsync(sender, b, video, frames: 2);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task CheckFromAnAddressAnotherTransportUses_Dropped()
    {
        await using var harness = new BridgeHarness();
        var (a, b) = await harness.ConnectPairAsync();
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var video = b.SubscribedTrack(a, "video").Ssrc;

        // From A's publish socket, a nomination for B's subscribe transport: A's address is A's; B's media stays put.
        a.Participant.Publish.SendRaw(SpoofedChecks.Write(b.Participant.Subscribe, useCandidate: true));

        await Eventually.WaitAsync(() => harness.Bridge.Budgets!.IceAddressConflicts == 1, "the check dropped");
        await MediaFlowsAsync(sender, b, video, frames: 2);
    }
}
