using System.Diagnostics;
using System.Net;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Hostile;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// Hostile participants from one address (127.0.0.2) open more transports than the bridge has DTLS workers; each
/// passes ICE, sends one genuine ClientHello and then nothing — before <c>HandshakeSilenceTimeout</c> and
/// <c>MaxHandshakesPerAddress</c> they held every worker for the 30 s handshake timeout, and every other join on the
/// bridge waited (and was refused after 10 s). Meanwhile an ordinary publisher and receiver (127.0.0.1) meet in another
/// room. Asserted: the hostile address holds only its share of the workers (the rest of its handshakes are passed over
/// in the queue), and the ordinary pair connects and gets media within <see cref="HonestBound"/>, well under the silence
/// timeout, while the silent handshakes are all still pending. With <c>waitForSilence</c> the attack then waits until the
/// silent handshakes expire and asserts they are counted as <c>silent</c> on /metrics; without it (the combined run) it
/// leaves at once, which cancels them.
/// </summary>
internal sealed class SilentDtlsAttack(bool waitForSilence = false) : IHostileAttack
{
    /// <summary>The server's default DTLS workers, its default share per address (half) and silence timeout.</summary>
    public const int Workers = 4;

    public const int SharePerAddress = Workers / 2;

    public static readonly TimeSpan SilenceTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Workers + 2: without the share they would hold every worker and still have two queued.</summary>
    public const int SilentTransports = Workers + 2;

    /// <summary>The ordinary pair joins, connects both ways and receives media within this (a quiet machine: ~0.3 s).</summary>
    public static readonly TimeSpan HonestBound = TimeSpan.FromSeconds(3);

    private static readonly IPAddress HostileAddress = IPAddress.Parse("127.0.0.2");
    private static readonly TimeSpan Setup = TimeSpan.FromSeconds(30);

    public string Name => "silent-dtls";

    /// <summary>How long the ordinary pair took from the first join to the receiver's first media packet, last run.</summary>
    public TimeSpan HonestTime { get; private set; }

    /// <summary>From the hostile handshakes all on the bridge to the last of them gone as silent or refused (waitForSilence only).</summary>
    public TimeSpan SilentExpiryTime { get; private set; }

    /// <summary>The silent and refused counts the hostile handshakes ended with (waitForSilence only).</summary>
    public (double Silent, double Refused) Outcome { get; private set; }

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        var before = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);
        byte[] clientHello = await ClientHelloAsync(cancellationToken);
        using var release = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new SyntheticTransportOptions
        {
            BindAddress = HostileAddress,
            ConnectTimeout = TimeSpan.FromMinutes(2),
            BeforeHandshake = async (transport, cancel) =>
            {
                transport.SendRaw(clientHello);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(cancel, release.Token);
                await Task.Delay(Timeout.Infinite, either.Token);
            },
        };

        // Each join holds inside its publish transport's handshake until released, so they run in the background. One room
        // each: in a shared room every join's tracks would be offered to the others, whose subscribe transports (the same
        // silent options) would add handshakes of their own, as many as the room's order of joins happened to make.
        var silent = Enumerable.Range(0, SilentTransports)
            .Select(i => SignalingParticipant.JoinAsync(target.ServerUri, $"{target.Room}-silent-{i}", $"silent dtls {i}", options, release.Token))
            .ToArray();
        try
        {
            await AttackWaits.UntilAsync(async () =>
            {
                var now = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);
                return now["scalemeet_bridge_dtls_handshakes_running"] >= SharePerAddress
                    && now["scalemeet_bridge_dtls_handshakes_queued_over_share"] >= SilentTransports - SharePerAddress;
            }, Setup, $"{SharePerAddress} silent handshakes running and {SilentTransports - SharePerAddress} passed over in the queue", cancellationToken);
            var allOnBridge = Stopwatch.StartNew();

            // The ordinary pair in another room: joins, connects both ways, media flows.
            var honest = Stopwatch.StartNew();
            await using (var publisher = await PacedSyntheticPublisher.StartAsync(target.ServerUri, target.Room + "-silent-check", "silent check sender", cancellationToken))
            await using (var receiver = await HostileReceiver.JoinAsync(target.ServerUri, target.Room + "-silent-check", "silent check receiver", cancellationToken: cancellationToken))
            {
                await AttackWaits.UntilAsync(() => receiver.MediaPackets > 0, Setup, "media at the ordinary receiver", cancellationToken);
                HonestTime = honest.Elapsed;
            }

            var during = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);
            Assert.True(HonestTime < HonestBound, $"the ordinary pair took {HonestTime.TotalMilliseconds:0} ms to connect and get media (bound {HonestBound.TotalSeconds:0} s)");
            Assert.True(allOnBridge.Elapsed < SilenceTimeout, $"the check took {allOnBridge.Elapsed.TotalMilliseconds:0} ms: the silent handshakes may have expired meanwhile");
            Assert.Equal(0, during.Since(before, "scalemeet_bridge_dtls_handshakes_failed_total{reason=\"silent\"}"));
            Assert.Equal(0, during.Since(before, "scalemeet_bridge_dtls_handshakes_refused_total"));
            Assert.True(during.Since(before, "scalemeet_bridge_dtls_handshakes_completed_total") >= 2, "the ordinary pair's handshakes");
            Assert.True(during["scalemeet_bridge_dtls_handshakes_running"] >= SharePerAddress, "the silent handshakes still running");

            if (waitForSilence)
            {
                // Two at a time, each for the silence timeout; whatever waited longer than the queue timeout (10 s) is refused.
                await AttackWaits.UntilAsync(async () =>
                {
                    var now = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);
                    Outcome = (now.Since(before, "scalemeet_bridge_dtls_handshakes_failed_total{reason=\"silent\"}"),
                        now.Since(before, "scalemeet_bridge_dtls_handshakes_refused_total"));
                    return Outcome.Silent + Outcome.Refused >= SilentTransports;
                }, TimeSpan.FromSeconds(60), "every silent handshake gone as silent or refused", cancellationToken);
                SilentExpiryTime = allOnBridge.Elapsed;
                Assert.True(Outcome.Silent >= 2 * SharePerAddress, $"silent failures: {Outcome.Silent} (refused {Outcome.Refused})");
                Assert.Equal(0, (await PrometheusScrape.ReadAsync(target.Server, cancellationToken)).Since(before, "scalemeet_bridge_dtls_handshakes_failed_total{reason=\"timeout\"}"));
            }
        }
        finally
        {
            // Released, each join fails and leaves: the bridge withdraws or cancels what is left of their handshakes.
            await release.CancelAsync();
            foreach (var join in silent)
            {
                try
                {
                    await (await join).DisposeAsync();
                }
                catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or DtlsHandshakeException)
                {
                }
            }
        }

        await AttackWaits.UntilAsync(async () =>
        {
            var now = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);
            return now["scalemeet_bridge_dtls_handshakes_running"] == 0 && now["scalemeet_bridge_dtls_handshakes_queued"] == 0;
        }, Setup, "no DTLS handshake left on the pool", cancellationToken);
    }

    /// <summary>The first datagram of a real BouncyCastle client: a ClientHello offering DTLS-SRTP (the same one for every transport).</summary>
    private static async Task<byte[]> ClientHelloAsync(CancellationToken cancellationToken)
    {
        var first = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new DtlsEndpoint(DtlsRole.Client, DtlsCertificate.Generate("silent dtls"), d => first.TrySetResult(d.ToArray()),
            TimeSpan.FromSeconds(10));
        _ = client.StartHandshake().ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return await first.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }
}
