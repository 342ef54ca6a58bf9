using System.Net.Sockets;
using System.Net;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Hostile;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// A receiver tries to point its media elsewhere without nominating from there: from a second socket it replays the
/// nominating and consent checks its real socket sent (captured), and sends a fresh authenticated check without
/// USE-CANDIDATE. Asserted: media keeps arriving at the real socket and none at the other, which gets exactly one
/// answer (to its own check, none to the replays); the server counted the replays and the check from elsewhere.
/// </summary>
internal sealed class SpoofedBindingAttack : IHostileAttack
{
    private const int Replays = 20;
    private static readonly TimeSpan Setup = TimeSpan.FromSeconds(30);

    public string Name => "spoofed-binding";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        await using var victim = await PacedSyntheticPublisher.StartAsync(target.ServerUri, target.Room, "binding victim", cancellationToken);
        await using var hostile = await HostileReceiver.JoinAsync(target.ServerUri, target.Room, "spoofed-binding", cancellationToken: cancellationToken);
        await AttackWaits.UntilAsync(() => hostile.MediaPackets > 30, Setup, "media at the hostile receiver", cancellationToken);
        using var other = new CountingSocket();
        var server = hostile.Subscribe.Remote!.Candidate;
        var before = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);

        // Captured: what the real socket sent (and the bridge acted on).
        var nomination = SpoofedChecks.Write(hostile.Subscribe, useCandidate: true);
        var consent = SpoofedChecks.Write(hostile.Subscribe, useCandidate: false);
        hostile.Subscribe.SendRaw(nomination);
        hostile.Subscribe.SendRaw(consent);
        var atRealAddress = hostile.MediaPackets;
        for (var i = 0; i < Replays; i++)
        {
            other.Send(nomination, server);
            other.Send(consent, server);
            await Task.Delay(50, cancellationToken);
        }

        other.Send(SpoofedChecks.Write(hostile.Subscribe, useCandidate: false), server);
        await AttackWaits.UntilAsync(async () =>
        {
            var now = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);
            return now.Since(before, "scalemeet_bridge_ice_refused_total{reason=\"replay\"}") >= 2 * Replays &&
                now.Since(before, "scalemeet_bridge_ice_checks_other_address_total") >= 1;
        }, Setup, "the replays dropped and the other socket's check counted", cancellationToken);

        // A second of media later: still at the real socket, never at the other.
        var expected = hostile.MediaPackets + 60;
        await AttackWaits.UntilAsync(() => hostile.MediaPackets >= expected, Setup, "media still at the real socket", cancellationToken);
        Assert.True(hostile.MediaPackets > atRealAddress);
        Assert.Equal(0, other.Media);
        Assert.Equal(1, other.Stun);
    }

    /// <summary>The hostile client's second socket: counts what arrives, by kind (RFC 7983).</summary>
    private sealed class CountingSocket : IDisposable
    {
        private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _receiving;
        private int _stun;
        private int _media;

        public CountingSocket() => _receiving = Task.Run(ReceiveAsync);

        public int Stun => Volatile.Read(ref _stun);

        public int Media => Volatile.Read(ref _media);

        public void Send(byte[] datagram, IPEndPoint to) => _udp.Send(datagram, to);

        public void Dispose()
        {
            _stop.Cancel();
            _udp.Dispose();
            _ = _receiving.Wait(TimeSpan.FromSeconds(2));
            _stop.Dispose();
        }

        private async Task ReceiveAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var result = await _udp.ReceiveAsync(_stop.Token);
                    var first = result.Buffer.Length > 0 ? result.Buffer[0] : (byte)255;
                    if (first < 4)
                    {
                        Interlocked.Increment(ref _stun);
                    }
                    else if (first is >= 128 and <= 191)
                    {
                        Interlocked.Increment(ref _media);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }
            }
        }
    }
}
