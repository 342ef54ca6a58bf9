using System.Diagnostics;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests;

/// <summary>
/// Alice's page reaches the server through a TCP relay; the relay resets her connections (RST on both sides, no close
/// frame), as a dying network path would. Her page resumes on a new connection through the relay: same participant,
/// same peer connections, media never stopped, and Bob never saw her leave (the focus counted no new join).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignalingResumeTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SignalingConnectionReset_ThePageResumesAsTheSameParticipant_NobodySeesItLeave_MediaGoesOn()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        await using var relay = new TcpRelay(server.HttpPort);
        await using var alice = await MeetingPage.JoinAsync(browser.Browser, $"http://127.0.0.1:{relay.Port}", "resume-room", "Alice");
        await using var bob = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "resume-room", "Bob");
        await MeetingTests.WaitForMediaFromOthersAsync(alice, 1);
        await MeetingTests.WaitForMediaFromOthersAsync(bob, 1);
        var aliceId = await alice.ParticipantIdAsync();
        var before = await PrometheusScrape.ReadAsync(server);
        var framesBefore = VideoFrames(await alice.InboundAsync());

        var clock = Stopwatch.StartNew();
        Assert.True(relay.SeverAll() >= 1, "Alice's signaling connection went through the relay");
        await Eventually.WaitForAsync(() => alice.Page.EvaluateAsync<int>("() => window.scaleMeet.resumes()"), n => n == 1, Generous,
            "Alice's page resuming");
        var resumedAfter = clock.Elapsed;

        var after = await PrometheusScrape.ReadAsync(server);
        output.WriteLine($"resumed {resumedAfter.TotalMilliseconds:0} ms after the reset; relay connections {relay.Accepted}");
        Assert.Equal(aliceId, await alice.ParticipantIdAsync());
        Assert.False(await alice.Page.EvaluateAsync<bool>("() => window.scaleMeet.reconnecting()"));
        Assert.Equal(1, after.Since(before, "scalemeet_focus_signaling_resumes_total{outcome=\"suspended\"}"));
        Assert.Equal(1, after.Since(before, "scalemeet_focus_signaling_resumes_total{outcome=\"resumed\"}"));
        Assert.Equal(0, after.Since(before, "scalemeet_focus_signaling_resumes_total{outcome=\"expired\"}"));
        Assert.Equal(0, after.Since(before, "scalemeet_focus_joins_total"));
        Assert.Equal(0, after.Since(before, "scalemeet_focus_participants"));
        Assert.Contains(aliceId, await bob.Page.EvaluateAsync<string[]>("() => window.scaleMeet.participants().map(p => p.participantId)"));

        // Signaling works on the new connection: Alice mutes, Bob hears of it; and media never stopped either way.
        await alice.Page.EvaluateAsync("() => window.scaleMeet.session.setMuted(true, false)");
        await Eventually.WaitForAsync(() => bob.Page.EvaluateAsync<bool>($"() => window.scaleMeet.participants().some(p => p.participantId === '{aliceId}' && p.audioMuted)"),
            muted => muted, Generous, "Bob told that Alice muted");
        await Eventually.WaitForAsync(alice.InboundAsync, tracks => VideoFrames(tracks) > framesBefore + 30, Generous, "Alice decoding Bob's video on");
        var bobFrames = VideoFrames(await bob.InboundAsync());
        await Eventually.WaitForAsync(bob.InboundAsync, tracks => VideoFrames(tracks) > bobFrames + 30, Generous, "Bob decoding Alice's video on");
        Assert.Equal(1, await alice.Page.EvaluateAsync<int>("() => window.scaleMeet.resumes()"));
    }

    private static long VideoFrames(IReadOnlyList<InboundTrack> tracks) => tracks.Where(t => t.Kind == "video").Sum(t => t.FramesDecoded);
}
