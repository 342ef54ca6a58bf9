using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Sampling;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.EndToEnd.Tests;

/// <summary>
/// No thread per participant remains after its handshake: DTLS runs on the bridge's bounded pool, whose workers exit
/// when idle. (On Portable.BouncyCastle 1.8.10 every transport kept one thread for as long as it was connected.)
/// </summary>
public sealed class DtlsThreadTests
{
    /// <summary>
    /// Threads the server may have beyond its idle count with everyone connected: the .NET thread pool grows while 30
    /// participants sign in (Kestrel, WebSockets, timers) and shrinks only slowly. 60 transports would add 60 threads
    /// if each held one.
    /// </summary>
    private const int AllowedExtraThreads = 16;

    [Fact]
    public async Task ThirtySyntheticParticipants_Connected_ServerThreadsStayNearTheIdleCount()
    {
        await using var server = await ScaleMeetProcess.StartWithSettingsAsync(new Dictionary<string, string>
        {
            ["ScaleMeet__Bridge__Dtls__WorkerIdleTimeout"] = "00:00:01",
        });
        var uri = new Uri(server.BaseUrl);
        var probe = new ProcessProbe(ProcessProbe.FindListener(server.HttpPort) ?? throw new InvalidOperationException("server process not found"));
        using var http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(10) };

        // Idle: one participant came and went (every lazy part of the server has started), then the count settles.
        await using (await SignalingParticipant.JoinAsync(uri, "warm-up", "warm-up"))
        {
        }

        var idle = await Settled(probe);
        var participants = new List<SignalingParticipant>();
        try
        {
            // Three rooms of ten: every participant publishes and subscribes to nine others (both transports).
            var options = new SyntheticTransportOptions { Certificate = Media.Dtls.DtlsCertificate.Generate("thread-test"), ConnectTimeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; i < 30; i++)
            {
                participants.Add(await SignalingParticipant.JoinAsync(uri, $"threads-{i % 3}", $"p{i}", options));
            }

            await Eventually.WaitForAsync(() => Task.FromResult(participants.Count(p => p.Subscribe.State == SyntheticTransportState.Connected)),
                n => n == 30, TimeSpan.FromSeconds(60), "all 30 subscribe transports connected");
            var metrics = await Eventually.WaitForAsync(async () => PrometheusScrape.Parse(await http.GetStringAsync("/metrics")),
                m => m["scalemeet_bridge_dtls_workers"] == 0 && m["scalemeet_bridge_dtls_handshakes_completed_total"] >= 61,
                TimeSpan.FromSeconds(30), "every handshake done and the DTLS workers gone");

            var connected = await Settled(probe);
            Assert.True(connected - idle <= AllowedExtraThreads,
                $"the server had {idle} threads idle and {connected} with 30 participants connected ({connected - idle} more; allowed {AllowedExtraThreads})");
            Assert.Equal(0, metrics["scalemeet_bridge_dtls_handshakes_running"]);
            Assert.Equal(0, metrics["scalemeet_bridge_dtls_handshakes_refused_total"]);
            Assert.All(participants, p => Assert.Equal(SyntheticTransportState.Connected, p.Publish.State));
        }
        finally
        {
            foreach (var participant in participants)
            {
                await participant.DisposeAsync();
            }
        }
    }

    /// <summary>The thread count once it has not moved for two seconds (sampled every 500 ms, up to 30 s).</summary>
    private static async Task<int> Settled(ProcessProbe probe)
    {
        var readings = new List<int>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            readings.Add(probe.Threads() ?? throw new InvalidOperationException("the server's thread count is unreadable"));
            if (readings.Count >= 5 && readings.TakeLast(5).Distinct().Count() == 1)
            {
                break;
            }

            await Task.Delay(500);
        }

        return readings.TakeLast(5).Max();
    }
}
