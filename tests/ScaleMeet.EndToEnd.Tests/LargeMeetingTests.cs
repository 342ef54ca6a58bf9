using System.Text.Json;
using Microsoft.Playwright;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests;

/// <summary>
/// Ten participants in one conference, made affordable on two cores: two pages with five sessions each
/// (the web client's Session class, several peer connections per page), 160×120 at 10 fps.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LargeMeetingTests(BrowserFixture browser)
{
    private const int Pages = 2;
    private const int SessionsPerPage = 5;
    private const int Participants = Pages * SessionsPerPage;

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

            await Eventually.WaitForAsync(
                async () => await AllSessionsAsync(pages),
                sessions => sessions.Count == Participants && sessions.All(s => MeetingTests.SendersWithFullMedia(s) == Participants - 1),
                TimeSpan.FromSeconds(120),
                "every participant decoding video and receiving audio from the 9 others");
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
