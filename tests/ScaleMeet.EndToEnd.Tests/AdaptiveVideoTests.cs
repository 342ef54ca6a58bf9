using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests;

/// <summary>
/// Simulcast and receiver constraints end to end: what a receiver decodes (getStats frameHeight) follows the
/// size it shows a participant at; dominant speaker; last-N.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdaptiveVideoTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan Setup = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task OnStage_ReceivedHeightRisesTo720WithinFiveSeconds_AndFallsBackInTileView()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        // Bob sends 720p simulcast (180/360/720); the others send small video to keep two cores free. Bob opens the
        // (shared, fake) camera first: Chromium runs one capture format per device and scales it down per track.
        await using var bob = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "stage", "Bob", 1280, 720, 15);
        await using var alice = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "stage", "Alice");
        await using var carol = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "stage", "Carol");
        var bobId = await bob.ParticipantIdAsync();

        // Tile view: small tiles, at most 360p from Bob.
        await Eventually.WaitForAsync(alice.InboundAsync, t => MeetingTests.SendersWithFullMedia(t, 5) == 2 && Height(t, bobId) is > 0 and <= 360, Setup,
            "Alice decoding both others, Bob at most 360p in tile view");

        Task<string> BobSendsAsync() => bob.Page.EvaluateAsync<string>("async () => JSON.stringify(await window.scaleMeet.outboundStats())");
        output.WriteLine($"Bob sends: {await BobSendsAsync()}");
        await alice.SetStageAsync(bobId);
        var staged = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<InboundTrack> onStage;
        try
        {
            onStage = await Eventually.WaitForAsync(alice.InboundAsync, t => Height(t, bobId) == 720, TimeSpan.FromSeconds(5),
                "Bob's video at 720p on Alice's stage");
        }
        catch (TimeoutException)
        {
            output.WriteLine($"Bob sends: {await BobSendsAsync()}");
            output.WriteLine($"server /stats: {await server.StatsAsync()}");
            output.WriteLine(server.Output);
            throw;
        }

        output.WriteLine($"on stage after {staged.ElapsedMilliseconds} ms: {string.Join("; ", onStage)}");

        await alice.SetStageAsync(null);
        var back = await Eventually.WaitForAsync(alice.InboundAsync, t => Height(t, bobId) is > 0 and <= 360, TimeSpan.FromSeconds(10),
            "Bob's video back to at most 360p in tile view");
        output.WriteLine($"tile view again: {string.Join("; ", back)}");

        // Video keeps flowing after the switches.
        var frames = Frames(back, bobId);
        await Eventually.WaitForAsync(alice.InboundAsync, t => Frames(t, bobId) > frames + 5, TimeSpan.FromSeconds(10), "Bob's frames still rising");
    }

    [Fact]
    public async Task Speaker_ShownAsDominantInEveryOtherUiWithinTwoSeconds()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        await using var alice = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "speaker", "Alice");
        await using var bob = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "speaker", "Bob");
        await using var carol = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "speaker", "Carol");
        var aliceId = await alice.ParticipantIdAsync();
        var bobId = await bob.ParticipantIdAsync();

        // Only Bob's (fake) microphone is on: Bob becomes the dominant speaker everywhere.
        await alice.ToggleMicrophoneAsync();
        await carol.ToggleMicrophoneAsync();
        foreach (var page in new[] { alice, carol })
        {
            await Eventually.WaitForAsync(page.DominantSpeakerTileAsync, id => id == bobId, Setup, $"Bob dominant in {page.Name}'s UI");
        }

        // Bob stops, Alice speaks: within 2 s every other UI shows Alice.
        await bob.ToggleMicrophoneAsync();
        await alice.ToggleMicrophoneAsync();
        var started = DateTime.UtcNow;
        foreach (var page in new[] { bob, carol })
        {
            var left = TimeSpan.FromSeconds(2) - (DateTime.UtcNow - started);
            await Eventually.WaitForAsync(page.DominantSpeakerTileAsync, id => id == aliceId, left > TimeSpan.Zero ? left : TimeSpan.Zero,
                $"Alice dominant in {page.Name}'s UI within 2 s");
        }

        output.WriteLine($"Alice dominant everywhere after {(DateTime.UtcNow - started).TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task LastNTwo_ReceivesExactlyTwoVideoStreams()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var senders = new List<MeetingPage>();
        try
        {
            foreach (var name in new[] { "Bob", "Carol", "Dave" })
            {
                var sender = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "lastn", name);
                senders.Add(sender);

                // Silent senders: last-N follows the dominant speaker, and the fake microphones all beep at once, so a
                // speaker change could legitimately swap which two videos flow in the middle of the measurement.
                await sender.ToggleMicrophoneAsync();
            }

            await using var alice = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "lastn", "Alice", extraQuery: "&lastN=2");
            var before = await Eventually.WaitForAsync(alice.InboundAsync, t => t.Count(x => x.Kind == "video" && x.FramesDecoded > 0) >= 2, Setup,
                "Alice decoding video from two senders");

            // Over a few seconds, exactly two video streams advance; audio comes from all three.
            await Task.Delay(TimeSpan.FromSeconds(1));
            before = await alice.InboundAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var after = await alice.InboundAsync();
            var rising = RisingVideo(before, after);
            output.WriteLine($"rising video from: {string.Join(", ", rising)}; all: {string.Join("; ", after)}");
            Assert.Equal(2, rising.Count);

            // The third video's absence means something only if its sender was live all the while: its audio kept
            // arriving through the same window (muted microphones still send silence).
            Assert.Equal(3, RisingAudio(before, after).Count);
        }
        finally
        {
            foreach (var page in senders)
            {
                await page.DisposeAsync();
            }
        }
    }

    private static long Height(IReadOnlyList<InboundTrack> tracks, string participantId) =>
        tracks.Where(t => t.Kind == "video" && t.ParticipantId == participantId).Select(t => t.FrameHeight).DefaultIfEmpty(0).Max();

    private static long Frames(IReadOnlyList<InboundTrack> tracks, string participantId) =>
        tracks.Where(t => t.Kind == "video" && t.ParticipantId == participantId).Sum(t => t.FramesDecoded);

    private static List<string> RisingAudio(IReadOnlyList<InboundTrack> before, IReadOnlyList<InboundTrack> after) =>
        after.Where(t => t.Kind == "audio" && t.PacketsReceived > before.Where(b => b.Kind == "audio" && b.ParticipantId == t.ParticipantId).Sum(b => b.PacketsReceived))
            .Select(t => t.ParticipantId).Distinct().ToList();

    private static List<string> RisingVideo(IReadOnlyList<InboundTrack> before, IReadOnlyList<InboundTrack> after) =>
        after.Where(t => t.Kind == "video" && t.FramesDecoded > before.Where(b => b.Kind == "video" && b.ParticipantId == t.ParticipantId).Sum(b => b.FramesDecoded))
            .Select(t => t.ParticipantId).Distinct().ToList();
}
