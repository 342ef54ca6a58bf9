using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests;

/// <summary>
/// People meet in Chromium through the all-in-one process: real signaling, ICE-lite, DTLS, SRTP and the
/// bridge's forwarding, asserted on getStats() figures.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ThreeParticipants_EachDecodesVideoAndHearsBothOthers()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var pages = new List<MeetingPage>();
        try
        {
            foreach (var name in new[] { "Alice", "Bob", "Carol" })
            {
                pages.Add(await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "three", name));
            }

            foreach (var page in pages)
            {
                var first = await WaitForMediaFromOthersAsync(page, 2);
                var firstFrames = VideoFramesBySender(first);

                // Frames keep coming: every sender's framesDecoded rises.
                var later = await Eventually.WaitForAsync(
                    page.InboundAsync,
                    tracks => VideoFramesBySender(tracks) is var frames && firstFrames.All(f => frames.GetValueOrDefault(f.Key) > f.Value),
                    MediaTimeout,
                    $"{page.Name}'s framesDecoded rising for every sender");
                Assert.Equal(2, VideoFramesBySender(later).Count);
                output.WriteLine($"{page.Name}: {string.Join("; ", later)}");
            }

            foreach (var line in server.Output.Split('\n').Where(l => l.Contains("bandwidth estimate", StringComparison.Ordinal)).TakeLast(12))
            {
                output.WriteLine(line.Trim());
            }
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ClosingPage_TileDisappearsWithinFiveSeconds_AndBridgeStateIsFreed()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var alice = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "leaving", "Alice");
        var bob = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "leaving", "Bob");
        var carol = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "leaving", "Carol");
        try
        {
            await WaitForMediaFromOthersAsync(alice, 2);
            await WaitForMediaFromOthersAsync(bob, 2);
            var before = await server.StatsAsync();
            Assert.Equal(3, before.GetProperty("participants").GetInt32());
            Assert.True(before.GetProperty("bridge").GetProperty("transportFeedbackReceived").GetInt64() > 0, "Chromium sends transport-cc feedback for what the bridge stamps");
            Assert.Equal(6, before.GetProperty("bridge").GetProperty("transports").GetInt32());

            await carol.DisposeAsync();

            foreach (var page in new[] { alice, bob })
            {
                var names = await Eventually.WaitForAsync(page.TileNamesAsync, n => !n.Any(x => x.Contains("Carol")), TimeSpan.FromSeconds(5), $"Carol's tile leaving {page.Name}'s page");
                Assert.Equal(2, names.Count);
            }

            var after = await Eventually.WaitForAsync(
                server.StatsAsync,
                s => s.GetProperty("bridge").GetProperty("endpoints").GetInt32() == 2,
                TimeSpan.FromSeconds(10),
                "the bridge freeing Carol's endpoint");
            Assert.Equal(2, after.GetProperty("participants").GetInt32());
            Assert.Equal(1, after.GetProperty("conferences").GetInt32());
            Assert.Equal(4, after.GetProperty("bridge").GetProperty("transports").GetInt32());

            // The two who stay still get each other's media.
            await WaitForMediaFromOthersAsync(alice, 1);
        }
        finally
        {
            await alice.DisposeAsync();
            await bob.DisposeAsync();
        }

        var empty = await Eventually.WaitForAsync(
            server.StatsAsync,
            s => s.GetProperty("bridge").GetProperty("endpoints").GetInt32() == 0,
            TimeSpan.FromSeconds(10),
            "the bridge freeing everyone");
        Assert.Equal(0, empty.GetProperty("conferences").GetInt32());
        Assert.Equal(0, empty.GetProperty("bridge").GetProperty("transports").GetInt32());
        Assert.Equal(0, empty.GetProperty("bridge").GetProperty("remoteAddresses").GetInt32());
    }

    /// <summary>Waits until the page decodes video from, and receives audio from, <paramref name="senders"/> others.</summary>
    internal static async Task<IReadOnlyList<InboundTrack>> WaitForMediaFromOthersAsync(MeetingPage page, int senders) =>
        await Eventually.WaitForAsync(
            page.InboundAsync,
            tracks => SendersWithFullMedia(tracks) == senders,
            MediaTimeout,
            $"{page.Name} decoding video and receiving audio from {senders} others");

    internal static int SendersWithFullMedia(IReadOnlyList<InboundTrack> tracks, int minFrames = 1) =>
        tracks.GroupBy(t => t.ParticipantId)
            .Count(g => g.Key.Length > 0 &&
                g.Any(t => t.Kind == "video" && t.FramesDecoded >= minFrames && t.FrameWidth > 0) &&
                g.Any(t => t.Kind == "audio" && t.PacketsReceived > 0 && t.BytesReceived > 0));

    private static Dictionary<string, long> VideoFramesBySender(IReadOnlyList<InboundTrack> tracks) =>
        tracks.Where(t => t.Kind == "video" && t.ParticipantId.Length > 0)
            .GroupBy(t => t.ParticipantId)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.FramesDecoded));
}
