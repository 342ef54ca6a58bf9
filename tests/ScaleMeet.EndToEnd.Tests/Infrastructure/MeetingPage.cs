using System.Text.Json;
using Microsoft.Playwright;

namespace ScaleMeet.EndToEnd.Tests.Infrastructure;

/// <summary>One participant's browser page, driven the way a Jitsi bot script drives Jitsi Meet.</summary>
internal sealed class MeetingPage : IAsyncDisposable
{
    /// <summary>Runs before the page's scripts: records every Content-Security-Policy violation the page reports.</summary>
    private const string CspViolationRecorder = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    private readonly IBrowserContext _context;

    private MeetingPage(IBrowserContext context, IPage page, string name)
    {
        _context = context;
        Page = page;
        Name = name;
    }

    public IPage Page { get; }

    public string Name { get; }

    /// <param name="viewport">The page's size (Playwright's default 1280×720 when null): tiles, and so the video the
    /// page asks for, scale with it.</param>
    public static async Task<MeetingPage> JoinAsync(IBrowser browser, string baseUrl, string room, string name, int width = 320, int height = 180, int fps = 15, string extraQuery = "", ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(viewport is null ? null : new BrowserNewContextOptions { ViewportSize = viewport });
        await context.AddInitScriptAsync(CspViolationRecorder);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/{room}?width={width}&height={height}&fps={fps}{extraQuery}");
        await page.FillAsync("input[placeholder='Enter your name']", name);
        await page.ClickAsync("[data-testid='prejoin.joinMeeting']");
        await page.WaitForSelectorAsync("[data-testid='participant-tile']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        return new MeetingPage(context, page, name);
    }

    /// <summary>
    /// Opens <paramref name="room"/>'s prejoin screen (with <paramref name="extraQuery"/>, e.g. <c>&amp;jwt=…</c>) in a new
    /// context, without joining: for tests of what the prejoin screen does (tokens, passwords, refusals).
    /// </summary>
    public static async Task<MeetingPage> OpenAsync(IBrowser browser, string baseUrl, string room, string name, string extraQuery = "")
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/{room}?width=320&height=180&fps=15{extraQuery}");
        await page.WaitForSelectorAsync("[data-testid='prejoin.joinMeeting']");
        return new MeetingPage(context, page, name);
    }

    /// <summary>Per remote track, the subscribe connection's inbound-rtp figures (getStats()).</summary>
    public async Task<IReadOnlyList<InboundTrack>> InboundAsync()
    {
        var stats = await Page.EvaluateAsync<JsonElement>("async () => JSON.stringify(await window.scaleMeet.inboundStats())");
        return InboundTrack.ParseAll(stats.GetString()!);
    }

    /// <summary>The Content-Security-Policy violations this page reported so far ("directive blocked URI at source:line").</summary>
    public async Task<IReadOnlyList<string>> CspViolationsAsync() =>
        await Page.EvaluateAsync<string[]>("() => window.__cspViolations ?? ['the violation recorder did not run']");

    /// <summary>This page's own participant id.</summary>
    public async Task<string> ParticipantIdAsync() =>
        await Page.EvaluateAsync<string>("() => window.scaleMeet.participants()[0].participantId");

    /// <summary>Puts a participant on stage (null: back to tile view), as clicking the tile does.</summary>
    public async Task SetStageAsync(string? participantId) =>
        await Page.EvaluateAsync("id => window.scaleMeet.setStage(id)", participantId);

    /// <summary>The participant this page shows as dominant speaker (the tile marked so), or null.</summary>
    public async Task<string?> DominantSpeakerTileAsync() =>
        await Page.EvaluateAsync<string?>("() => document.querySelector('[data-testid=\"participant-tile\"][data-dominant-speaker=\"true\"]')?.dataset.participantId ?? null");

    /// <summary>Toggles this page's microphone with the toolbar button.</summary>
    public async Task ToggleMicrophoneAsync() => await Page.ClickAsync("[data-testid='toolbar.microphone']");

    /// <summary>Display names on the tiles shown in this page.</summary>
    public async Task<IReadOnlyList<string>> TileNamesAsync() =>
        await Page.Locator("[data-testid='participant-tile'] [data-testid='participant-name']").AllInnerTextsAsync();

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}

/// <summary>One inbound-rtp entry, attributed to the remote participant that sends it.</summary>
internal sealed record InboundTrack(string ParticipantId, string Kind, long FramesDecoded, long FrameWidth, long BytesReceived, long PacketsReceived, long FrameHeight = 0)
{
    public static IReadOnlyList<InboundTrack> ParseAll(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(e => new InboundTrack(
            e.TryGetProperty("participantId", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : string.Empty,
            e.GetProperty("kind").GetString()!,
            Number(e, "framesDecoded"),
            Number(e, "frameWidth"),
            Number(e, "bytesReceived"),
            Number(e, "packetsReceived"),
            Number(e, "frameHeight"))).ToArray();
    }

    private static long Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? (long)v.GetDouble() : 0;
}
