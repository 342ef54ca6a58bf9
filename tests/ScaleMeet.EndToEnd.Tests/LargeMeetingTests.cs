using System.Text.Json;
using Microsoft.Playwright;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests;

/// <summary>
/// Ten participants in one conference, made affordable on two cores: two pages with five sessions each
/// (the web client's Session class, several peer connections per page), 160×120 at 10 fps.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LargeMeetingTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const int Pages = 2;
    private const int SessionsPerPage = 5;
    private const int Participants = Pages * SessionsPerPage;

    /// <summary>At 10 fps, a second of video from every sender: media that keeps flowing, not a first frame.</summary>
    private const int MinFramesPerSender = 10;

    private const string OpenSessions = """
        async ({ room, prefix, count }) => {
          window.__sessions = [];
          for (let i = 0; i < count; i++) {
            const stream = await navigator.mediaDevices.getUserMedia({
              audio: true, video: { width: 160, height: 120, frameRate: 10 } });
            const session = new window.scaleMeet.Session({
              url: window.scaleMeet.signalingUrl, room, displayName: prefix + i, stream });
            await session.join();
            window.__sessions.push(session);
          }
        }
        """;

    private const string SessionStats = """
        async () => JSON.stringify(await Promise.all(window.__sessions.map(s => s.inboundStats())))
        """;

    [Fact]
    public async Task TenParticipants_EveryoneReceivesEveryoneElsesAudioAndVideo()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var contexts = new List<IBrowserContext>();
        try
        {
            var pages = new List<IPage>();
            for (var p = 0; p < Pages; p++)
            {
                var context = await browser.Browser.NewContextAsync();
                contexts.Add(context);
                var page = await context.NewPageAsync();
                await page.GotoAsync($"{server.BaseUrl}/");
                await page.EvaluateAsync(OpenSessions, new { room = "ten", prefix = $"p{p}-", count = SessionsPerPage });
                pages.Add(page);
            }

            var stats = await server.StatsAsync();
            Assert.Equal(Participants, stats.GetProperty("participants").GetInt32());

            var final = await Eventually.WaitForAsync(
                async () => await AllSessionsAsync(pages),
                sessions => sessions.Count == Participants && sessions.All(s => MeetingTests.SendersWithFullMedia(s, MinFramesPerSender) == Participants - 1),
                TimeSpan.FromSeconds(120),
                "every participant decoding 10+ video frames and receiving audio from each of the 9 others");
            foreach (var session in final)
            {
                output.WriteLine(string.Join(" ", session.Where(t => t.Kind == "video").Select(t => $"{t.ParticipantId}:{t.FramesDecoded}f/{t.FrameWidth}px")));
            }
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.CloseAsync();
            }
        }
    }

    private static async Task<List<IReadOnlyList<InboundTrack>>> AllSessionsAsync(IEnumerable<IPage> pages)
    {
        var all = new List<IReadOnlyList<InboundTrack>>();
        foreach (var page in pages)
        {
            var json = await page.EvaluateAsync<JsonElement>(SessionStats);
            using var doc = JsonDocument.Parse(json.GetString()!);
            foreach (var session in doc.RootElement.EnumerateArray())
            {
                all.Add(InboundTrack.ParseAll(session.GetRawText()));
            }
        }

        return all;
    }
}
