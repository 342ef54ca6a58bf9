using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.LoadTool;

/// <summary>
/// Chromium joins a room of the load tester's synthetic participants and decodes their video: the synthetic media is
/// real VP8 (and Opus), and the simulcast layers are real layers (on stage, a sender's 720p layer is what arrives).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SyntheticMediaInBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Chromium_InARoomOfSyntheticParticipants_DecodesTheirVideoUpTo720p()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        await using var tool = LoadToolProcess.Start(null, "--conferences", "1", "--participants", "2", "--duration", "600",
            "--room-prefix", "synthetic-", "--target", server.BaseUrl);
        try
        {
            await Eventually.WaitForAsync(() => Task.FromResult(tool.StandardOutput), o => o.Contains("connected 2/2", StringComparison.Ordinal),
                MediaTimeout, "both synthetic participants connected");
            await using var page = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "synthetic-1", "Viewer");

            var tracks = await Eventually.WaitForAsync(page.InboundAsync,
                t => t.Count(x => x.Kind == "video" && x.FramesDecoded > 30 && x.FrameWidth > 0) == 2 &&
                     t.Count(x => x.Kind == "audio" && x.PacketsReceived > 50) == 2,
                MediaTimeout, "Chromium decoding both synthetic participants' video and receiving their audio");
            output.WriteLine(string.Join("\n", tracks));
            Assert.All(tracks.Where(t => t.Kind == "video"), t => Assert.Contains(t.FrameWidth, new long[] { 320, 640, 1280 }));

            // On stage, one synthetic sender's top layer (1280×720) is what Chromium decodes.
            var staged = tracks.First(t => t.Kind == "video").ParticipantId;
            await page.SetStageAsync(staged);
            var big = await Eventually.WaitForAsync(page.InboundAsync,
                t => t.Any(x => x.ParticipantId == staged && x.Kind == "video" && x.FrameWidth == 1280 && x.FrameHeight == 720),
                MediaTimeout, "the staged synthetic participant at 1280×720");
            var before = big.Single(x => x.ParticipantId == staged && x.Kind == "video").FramesDecoded;
            await Eventually.WaitForAsync(page.InboundAsync,
                t => t.Single(x => x.ParticipantId == staged && x.Kind == "video").FramesDecoded > before + 30,
                MediaTimeout, "720p frames still being decoded");
        }
        finally
        {
            tool.Interrupt();
            var result = await tool.WaitAsync(TimeSpan.FromMinutes(1));
            output.WriteLine(result.StandardOutput);
        }
    }
}
