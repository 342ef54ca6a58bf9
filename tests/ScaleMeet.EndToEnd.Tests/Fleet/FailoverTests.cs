using System.Diagnostics;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;
using ScaleMeet.Media.Rtp;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Fleet;

/// <summary>
/// Failover with real processes: two Chromium participants and two synthetic ones meet on bridge b1; a second bridge
/// joins; b1 is killed (SIGKILL) or frozen (SIGSTOP). The focus moves both rooms to b2, and the time until every
/// receiver decodes again — Chromium's framesDecoded on the new connections, the synthetic receiver's first video
/// packet from the new bridge — is measured from the signal and reported.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FailoverTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("KILL", 5)]
    [InlineData("STOP", 10)]
    public async Task BridgeKilledOrFrozen_EveryoneMovesToTheOtherBridge_AndDecodesAgainWithinTheBound(string signal, int boundSeconds)
    {
        await using var fleet = await Fleet.StartAsync([""]);
        var focusUri = new Uri(fleet.Focus.BaseUrl);
        var pages = new List<MeetingPage>();
        using var stopSending = new CancellationTokenSource();
        SignalingParticipant? sender = null;
        SignalingParticipant? receiver = null;
        Task sending = Task.CompletedTask;
        try
        {
            foreach (var name in new[] { "Alice", "Bob" })
            {
                pages.Add(await MeetingPage.JoinAsync(browser.Browser, fleet.Focus.BaseUrl, "failover-browsers", name));
            }

            foreach (var page in pages)
            {
                await MeetingTests.WaitForMediaFromOthersAsync(page, 1);
            }

            sender = await SignalingParticipant.JoinAsync(focusUri, "failover-synthetic", "Sender");
            receiver = await SignalingParticipant.JoinAsync(focusUri, "failover-synthetic", "Receiver");
            var videoAt = new VideoArrivals(receiver, sender.ParticipantId);
            receiver.Subscribe.RtpReceived = videoAt.OnRtp;
            sending = SendAsync(sender, stopSending.Token);
            await Eventually.WaitForAsync(() => Task.FromResult(videoAt.Count), n => n >= 30, Generous, "the synthetic receiver getting the sender's video");

            // Both rooms are on b1; b2 comes now, so that it is where they must go.
            await Eventually.WaitForAsync(fleet.BridgesAsync, list => list.Single().GetProperty("conferences").GetInt32() == 2, Generous,
                "b1 reporting both conferences");
            await fleet.AddBridgeAsync();

            var clock = Stopwatch.StartNew();
            var signalledAt = Stopwatch.GetTimestamp();
            if (signal == "KILL")
            {
                fleet.Bridges[0].Kill();
            }
            else
            {
                fleet.Bridges[0].Signal("STOP");
            }

            // Recovery, polled every 100 ms: each page has handled `moved` and decodes the other's video on its new
            // connections (their counters start from 0); the synthetic receiver got video from the new bridge.
            var recovered = new Dictionary<string, TimeSpan>();
            while (recovered.Count < pages.Count + 1 && clock.Elapsed < Generous)
            {
                foreach (var page in pages.Where(p => !recovered.ContainsKey(p.Name)))
                {
                    if (await MovesAsync(page) >= 1 && (await page.InboundAsync()).Any(t => t.Kind == "video" && t.FramesDecoded > 0))
                    {
                        recovered[page.Name] = clock.Elapsed;
                    }
                }

                if (!recovered.ContainsKey("Receiver") && receiver.Moves >= 1 && videoAt.FirstAfterMove is { } first)
                {
                    recovered["Receiver"] = Stopwatch.GetElapsedTime(signalledAt, first);
                }

                await Task.Delay(100);
            }

            output.WriteLine($"SIG{signal} b1: decoding again after " + string.Join(", ", recovered.Select(r => $"{r.Key} {r.Value.TotalMilliseconds:0} ms")));
            var bridges = await fleet.BridgesAsync();
            output.WriteLine("bridges: " + string.Join("; ", bridges.Select(b =>
                $"{b.GetProperty("id").GetString()} {b.GetProperty("state").GetString()} ({b.GetProperty("conferences").GetInt32()} conferences)")));

            Assert.Null(receiver.MoveError);
            Assert.Null(sender.MoveError);
            Assert.Equal((1, 1), (sender.Moves, receiver.Moves));
            Assert.Equal(pages.Count + 1, recovered.Count);
            Assert.All(recovered, r => Assert.True(r.Value < TimeSpan.FromSeconds(boundSeconds),
                $"{r.Key} decoded again only {r.Value.TotalMilliseconds:0} ms after SIG{signal} (bound {boundSeconds} s)"));
            Assert.Equal("Lost", bridges.Single(b => b.GetProperty("id").GetString() == "b1").GetProperty("state").GetString());
            await Eventually.WaitForAsync(fleet.BridgesAsync,
                list => list.Single(b => b.GetProperty("id").GetString() == "b2") is var b2 && b2.GetProperty("state").GetString() == "Active"
                    && b2.GetProperty("conferences").GetInt32() == 2,
                Generous, "b2 Active, reporting both conferences");

            // And it goes on: video keeps coming on the new bridge, for the pages and the synthetic receiver alike.
            foreach (var page in pages)
            {
                var frames = (await page.InboundAsync()).Where(t => t.Kind == "video").Sum(t => t.FramesDecoded);
                await Eventually.WaitForAsync(page.InboundAsync, tracks => tracks.Where(t => t.Kind == "video").Sum(t => t.FramesDecoded) > frames + 15,
                    Generous, $"{page.Name}'s framesDecoded rising on b2");
                Assert.Equal(1, await MovesAsync(page));
            }

            var packets = videoAt.Count;
            await Eventually.WaitForAsync(() => Task.FromResult(videoAt.Count), n => n > packets + 30, Generous, "the synthetic receiver's video rising on b2");
            Assert.Empty(sender.Errors);
            Assert.Empty(receiver.Errors);
        }
        finally
        {
            await stopSending.CancelAsync();
            await sending;
            foreach (var page in pages)
            {
                await page.DisposeAsync();
            }

            if (sender is not null)
            {
                await sender.DisposeAsync();
            }

            if (receiver is not null)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    private static Task<int> MovesAsync(MeetingPage page) => page.Page.EvaluateAsync<int>("() => window.scaleMeet.moves()");

    /// <summary>30 frames a second of VP8 (a keyframe every 10) and Opus, through whatever bridge the sender is on now.</summary>
    private static async Task SendAsync(SignalingParticipant sender, CancellationToken stop)
    {
        var buffer = new byte[SyntheticRtp.MaxPacketLength];
        var tracks = sender.Tracks!;
        try
        {
            for (var frame = 0; !stop.IsCancellationRequested; frame++)
            {
                var length = SyntheticRtp.WriteVp8(buffer, tracks.VideoSsrc, (ushort)frame, (uint)(frame * 3000), marker: true, startOfFrame: true,
                    keyFrame: frame % 10 == 0, pictureId: (ushort)frame, packetLength: 800);
                sender.Publish.SendRtp(buffer.AsSpan(0, length));
                length = SyntheticRtp.WriteOpus(buffer, tracks.AudioSsrc, (ushort)frame, (uint)(frame * 960), tracks.AudioLevelExtensionId, voice: true, level: 30, packetLength: 100);
                sender.Publish.SendRtp(buffer.AsSpan(0, length));
                await Task.Delay(33, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
