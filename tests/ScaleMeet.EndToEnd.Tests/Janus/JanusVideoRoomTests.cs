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
        var directory = Path.Combine(Path.GetTempPath(), $"janus-e2e-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var janus = JanusInNamespace.Start(directory);
        try
        {
            await RunRoomAsync(janus);
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
    }

    private async Task RunRoomAsync(JanusInNamespace janus)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var options = new SyntheticTransportOptions
        {
            BindAddress = IPAddress.Parse(janus.HostAddress),
            Certificate = DtlsCertificate.Generate("janus-e2e"),
            ConnectTimeout = TimeSpan.FromSeconds(20),
        };
        var room = Random.Shared.NextInt64(1_000_000, 9_000_000);
        var received = Enumerable.Range(0, Participants).Select(_ => new ConcurrentDictionary<uint, int>()).ToArray();

        // All join at once: the room does not exist yet, so they race to create it.
        var joins = Enumerable.Range(0, Participants).Select(i => JanusParticipant.JoinAsync(janus.WebSocketUri, room, $"synthetic-{i}",
            SyntheticTracks.Create(), transport => transport.RtpReceived = packet => Count(received[i], packet), options, timeout.Token));
        var participants = await Task.WhenAll(joins);
        var (cpuAtStart, _) = janus.Usage();
        var started = DateTime.UtcNow;
        try
        {
            using var sending = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            var sender = Task.Run(() => SendAsync(participants, sending.Token), CancellationToken.None);
            try
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (!AllReceived(participants, received, out var missing))
                {
                    Assert.True(DateTime.UtcNow < deadline, $"within 60 s: {missing}");
                    Assert.False(sender.IsCompleted, "the sender stopped: " + sender.Exception?.GetBaseException().Message);
                    await Task.Delay(250, timeout.Token);
                }
            }
            finally
            {
                await sending.CancelAsync();
                await sender.ContinueWith(_ => { }, TaskScheduler.Default);
            }

            var (cpu, rss) = janus.Usage();
            output.WriteLine($"Janus: {(cpu - cpuAtStart).TotalMilliseconds:0} ms CPU over {(DateTime.UtcNow - started).TotalSeconds:0.0} s of media, {rss / (1 << 20)} MiB resident");
            foreach (var p in participants)
            {
                output.WriteLine($"{p.DisplayName} feed {p.FeedId}: publish role {p.Publish!.LocalDtlsRole}, sent {p.Publish.RtpPacketsSent} RTP, " +
                    $"subscribed {string.Join(", ", p.SubscribedStreams)}, received {p.Subscribe!.RtpPacketsReceived} RTP");
                Assert.Empty(p.Errors);
                Assert.True(p.PublishUp, $"{p.DisplayName}: no webrtcup for the publish PeerConnection");
            }
        }
        finally
        {
            foreach (var p in participants)
            {
                await p.DisposeAsync();
            }
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
