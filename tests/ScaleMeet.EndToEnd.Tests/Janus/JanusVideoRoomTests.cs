using System.Collections.Concurrent;
using System.Net;
using ScaleMeet.LoadTest.Janus;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Dtls;
using ScaleMeet.Media.Rtp;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Janus;

/// <summary>
/// The load tester's synthetic participants against Janus VideoRoom (Debian's janus 1.1.2) in a network namespace:
/// the other SFU the benchmarks compare ScaleMeet with.
/// </summary>
public sealed class JanusVideoRoomTests(ITestOutputHelper output)
{
    private const int Participants = 3;
    private const int PacketsWanted = 50;

    [JanusFact]
    public async Task ThreeSyntheticParticipants_InOneJanusRoom_EachReceivesBothOthersAudioAndVideo()
    {
        await WithJanusAsync(async (janus, timeout) =>
        {
            var options = Options(janus);
            var room = Random.Shared.NextInt64(1_000_000, 9_000_000);
            var received = Enumerable.Range(0, Participants).Select(_ => new ConcurrentDictionary<uint, int>()).ToArray();

            // All join at once: the room does not exist yet, so they race to create it.
            var joins = Enumerable.Range(0, Participants).Select(i => JanusParticipant.JoinAsync(janus.WebSocketUri, room, $"synthetic-{i}",
                SyntheticTracks.Create(), (transport, _) => transport.RtpReceived = packet => Count(received[i], packet), options, timeout));
            var participants = await Task.WhenAll(joins);
            try
            {
                var (cpuAtStart, _) = janus.Usage();
                var started = DateTime.UtcNow;
                await SendUntilAsync(participants, () => AllReceived(participants, received, out var missing) ? null : missing, timeout);
                var (cpu, rss) = janus.Usage();
                output.WriteLine($"Janus: {(cpu - cpuAtStart).TotalMilliseconds:0} ms CPU over {(DateTime.UtcNow - started).TotalSeconds:0.0} s of media, {rss / (1 << 20)} MiB resident");
                foreach (var p in participants)
                {
                    output.WriteLine($"{p.DisplayName} feed {p.FeedId}: publish DTLS role {p.Publish!.LocalDtlsRole}, sent {p.Publish.RtpPacketsSent} RTP; " +
                        $"subscribe DTLS role {p.Subscribe!.LocalDtlsRole}, received {p.Subscribe.RtpPacketsReceived} RTP on {string.Join(", ", p.SubscribedStreams)}");
                    Assert.Empty(p.Errors);
                    Assert.True(p.PublishUp, $"{p.DisplayName}: no webrtcup for the publish PeerConnection");
                    Assert.Equal(DtlsRole.Server, p.Publish.LocalDtlsRole);
                }
            }
            finally
            {
                foreach (var p in participants)
                {
                    await p.DisposeAsync();
                }
            }
        });
    }

    [JanusFact]
    public async Task PublishersComeAndGo_InAJanusRoom_SubscriptionsFollowAndMediaKeepsFlowing()
    {
        await WithJanusAsync(async (janus, timeout) =>
        {
            var options = Options(janus);
            var room = Random.Shared.NextInt64(1_000_000, 9_000_000);
            var received = Enumerable.Range(0, 3).Select(_ => new ConcurrentDictionary<uint, int>()).ToArray();
            Task<JanusParticipant> Join(int i) => JanusParticipant.JoinAsync(janus.WebSocketUri, room, $"p{i}", SyntheticTracks.Create(),
                (transport, _) => transport.RtpReceived = packet => Count(received[i], packet), options, timeout);

            await using var a = await Join(0);
            await using var b = await Join(1);
            await WaitAsync(() => Feeds(a) == Ids(b) && Feeds(b) == Ids(a), "A and B subscribed to each other", timeout);

            // A late joiner subscribes to both; both add it to their subscription (a renegotiation each).
            await using var c = await Join(2);
            await WaitAsync(() => Feeds(c) == Ids(a, b) && Feeds(a) == Ids(b, c) && Feeds(b) == Ids(a, c) && Connected(a, b, c),
                "everyone subscribed to the two others and connected", timeout);

            // A leaves: Janus removes its streams from B's and C's subscriptions with a new offer, which they answer.
            await a.DisposeAsync();
            await WaitAsync(() => Feeds(b) == Ids(c) && Feeds(c) == Ids(b), "B and C dropped A", timeout);

            // Media still flows on the renegotiated connections.
            var bFromC = b.SubscribedStreams.Single(s => s.FeedId == c.FeedId && s.Kind == "video").Ssrc;
            var cFromB = c.SubscribedStreams.Single(s => s.FeedId == b.FeedId && s.Kind == "video").Ssrc;
            await SendUntilAsync([b, c], () => received[1].GetValueOrDefault(bFromC) >= PacketsWanted && received[2].GetValueOrDefault(cFromB) >= PacketsWanted
                ? null
                : $"B has {received[1].GetValueOrDefault(bFromC)} video packets from C, C has {received[2].GetValueOrDefault(cFromB)} from B", timeout);
            Assert.Empty(b.Errors);
            Assert.Empty(c.Errors);
        });
    }

    private static SyntheticTransportOptions Options(JanusInNamespace janus) => new()
    {
        BindAddress = IPAddress.Parse(janus.HostAddress),
        Certificate = DtlsCertificate.Generate("janus-e2e"),
        ConnectTimeout = TimeSpan.FromSeconds(20),
    };

    private static bool Connected(params JanusParticipant[] ps) =>
        ps.All(p => p.Publish?.State == SyntheticTransportState.Connected && p.Subscribe?.State == SyntheticTransportState.Connected);

    private static string Feeds(JanusParticipant p) => string.Join(",", p.SubscribedFeeds);

    private static string Ids(params JanusParticipant[] ps) => string.Join(",", ps.Select(p => p.FeedId).Order());

    /// <summary>
    /// Starts Janus in a namespace (its config copy and log in a temp folder), runs <paramref name="body"/>, adds Janus's
    /// log tail to a failure, stops Janus and checks the namespace is gone.
    /// </summary>
    private static async Task WithJanusAsync(Func<JanusInNamespace, CancellationToken, Task> body)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"janus-e2e-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var janus = JanusInNamespace.Start(directory);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await body(janus, timeout.Token);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- last lines of {janus.LogPath} ---\n{janus.LogTail()}", ex);
        }
        finally
        {
            janus.Dispose();
        }

        Assert.False(JanusInNamespace.NamespaceExists(janus.Name), $"namespace {janus.Name} is still there after stop");
        System.IO.Directory.Delete(directory, recursive: true); // kept when the test fails: the message names its log
    }

    private static async Task WaitAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within 60 s");
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Sends media from <paramref name="senders"/> until <paramref name="missing"/> returns null (or fails with its text after 60 s).</summary>
    private static async Task SendUntilAsync(JanusParticipant[] senders, Func<string?> missing, CancellationToken cancellationToken)
    {
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sender = Task.Run(() => SendAsync(senders, sending.Token), CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (missing() is { } gap)
            {
                Assert.True(DateTime.UtcNow < deadline, $"within 60 s: {gap}");
                Assert.False(sender.IsCompleted, "the sender stopped: " + sender.Exception?.GetBaseException().Message);
                await Task.Delay(250, cancellationToken);
            }
        }
        finally
        {
            await sending.CancelAsync();
            await sender.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static bool AllReceived(JanusParticipant[] participants, ConcurrentDictionary<uint, int>[] received, out string missing)
    {
        var gaps = new List<string>();
        for (var i = 0; i < participants.Length; i++)
        {
            var streams = participants[i].SubscribedStreams;
            foreach (var other in participants.Where(p => p != participants[i]))
            {
                foreach (var kind in (ReadOnlySpan<string>)["audio", "video"])
                {
                    var stream = streams.FirstOrDefault(s => s.FeedId == other.FeedId && s.Kind == kind);
                    var count = stream is null ? 0 : received[i].GetValueOrDefault(stream.Ssrc);
                    if (count < PacketsWanted)
                    {
                        gaps.Add($"{participants[i].DisplayName} has {count} {kind} packets from {other.DisplayName} ({(stream is null ? "not subscribed" : "ssrc " + stream.Ssrc)})");
                    }
                }
            }
        }

        missing = string.Join("; ", gaps);
        return gaps.Count == 0;
    }

    /// <summary>Every participant sends 30 fps video (a keyframe each second) and 50 Opus packets/s until cancelled.</summary>
    private static async Task SendAsync(JanusParticipant[] participants, CancellationToken cancellationToken)
    {
        var buffer = new byte[SyntheticRtp.MaxPacketLength];
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        for (var tick = 0; await timer.WaitForNextTickAsync(cancellationToken); tick++)
        {
            foreach (var p in participants)
            {
                var tracks = p.Tracks!;
                var length = SyntheticRtp.WriteOpus(buffer, tracks.AudioSsrc, (ushort)tick, (uint)(tick * 960), tracks.AudioLevelExtensionId,
                    voice: true, level: 30, packetLength: 100);
                p.Publish!.SendRtp(buffer.AsSpan(0, length));
                if (tick % 3 != 2)
                {
                    var frame = (tick / 3 * 2) + (tick % 3);
                    length = SyntheticRtp.WriteVp8(buffer, tracks.VideoSsrc, (ushort)frame, (uint)(frame * 3000), marker: true, startOfFrame: true,
                        keyFrame: frame % 30 == 0, pictureId: (ushort)frame, packetLength: 800);
                    p.Publish.SendRtp(buffer.AsSpan(0, length));
                }
            }
        }
    }

    private static void Count(ConcurrentDictionary<uint, int> counts, ReadOnlySpan<byte> packet)
    {
        if (RtpHeader.TryParse(packet, out var header))
        {
            counts.AddOrUpdate(header.Ssrc, 1, static (_, n) => n + 1);
        }
    }
}
