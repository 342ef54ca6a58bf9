using System.Text.Json;
using Microsoft.Playwright;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Auth;

/// <summary>
/// ScaleMeet:Auth:Mode=jwt against the real server in Chromium: the meeting link's <c>?jwt=</c> decides who gets in and
/// under which name; every refusal shows its own message on the prejoin screen and nobody is admitted (/stats).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JwtMeetingTests(BrowserFixture browser, JwtServerFixture fixture, ITestOutputHelper output) : IClassFixture<JwtServerFixture>
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string> Refusals => new()
    {
        { "no token", "token_required" },
        { "bad signature", "token_bad_signature" },
        { "expired", "token_expired" },
        { "wrong room", "token_wrong_room" },
        { "wrong audience", "token_wrong_audience" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Prejoin_WithoutAValidToken_ShowsWhyAndNobodyIsAdmitted(string problem, string code)
    {
        var server = fixture.Server;
        await WaitForNobodyAsync(server);
        var query = TokenFor(problem) is { } token ? $"&jwt={Uri.EscapeDataString(token)}" : string.Empty;
        await using var page = await MeetingPage.OpenAsync(browser.Browser, server.BaseUrl, "boardroom", "Mallory", query);
        if (problem == "no token")
        {
            await page.Page.FillAsync("input[placeholder='Enter your name']", "Mallory");
        }

        await page.Page.ClickAsync("[data-testid='prejoin.joinMeeting']");

        var error = page.Page.Locator($"[data-testid='prejoin.error'][data-error-code='{code}']");
        await error.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        var text = await error.InnerTextAsync();
        output.WriteLine($"{problem}: {text}");
        Assert.Contains(ExpectedSentence(code), text, StringComparison.Ordinal);
        Assert.Equal(0, await page.Page.Locator("[data-testid='participant-tile']").CountAsync());
        var stats = await server.StatsAsync();
        Assert.Equal(0, stats.GetProperty("participants").GetInt32());
        Assert.Equal(0, stats.GetProperty("focus").GetProperty("participants").GetInt32());
    }

    [Fact]
    public async Task Join_ValidTokens_JoinedUnderTheTokensNamesAndMediaDecodes()
    {
        var server = fixture.Server;
        var adaToken = JitsiTokens.Sign(JitsiTokens.Claims("boardroom", "Ada Lovelace"));
        var bobToken = JitsiTokens.Sign(JitsiTokens.Claims("*", "Bob Kahn"));
        await using var ada = await OpenWithTokenAsync(server, "Boardroom", adaToken);
        await using var bob = await OpenWithTokenAsync(server, "boardroom", bobToken);

        // The prejoin shows the token's name, and the field cannot be typed into.
        Assert.Equal("Ada Lovelace", await ada.Page.InputValueAsync("[data-testid='prejoin.input']"));
        Assert.False(await ada.Page.IsEditableAsync("[data-testid='prejoin.input']"));
        Assert.True(await ada.Page.IsVisibleAsync("[data-testid='prejoin.tokenName']"));

        foreach (var page in new[] { ada, bob })
        {
            await page.Page.ClickAsync("[data-testid='prejoin.joinMeeting']");
            await page.Page.WaitForSelectorAsync("[data-testid='participant-tile']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        }

        var bobSees = await Eventually.WaitForAsync(bob.TileNamesAsync, n => n.Count == 2, MediaTimeout, "Bob's page showing two tiles");
        Assert.Contains("Ada Lovelace", bobSees);
        Assert.Contains("Bob Kahn", await Eventually.WaitForAsync(ada.TileNamesAsync, n => n.Count == 2, MediaTimeout, "Ada's page showing two tiles"));
        var tracks = await MeetingTests.WaitForMediaFromOthersAsync(bob, 1);
        Assert.Contains(tracks, t => t.Kind == "video" && t.FramesDecoded > 0);
        await MeetingTests.WaitForMediaFromOthersAsync(ada, 1);
        var stats = await server.StatsAsync();
        Assert.Equal(2, stats.GetProperty("focus").GetProperty("participants").GetInt32());
        var names = await bob.Page.EvaluateAsync<JsonElement>("() => window.scaleMeet.participants().map(p => p.displayName)");
        Assert.Equal(["Bob Kahn", "Ada Lovelace"], names.EnumerateArray().Select(e => e.GetString()!));
    }

    private async Task<MeetingPage> OpenWithTokenAsync(ScaleMeetProcess server, string room, string token) =>
        await MeetingPage.OpenAsync(browser.Browser, server.BaseUrl, room, "token", $"&jwt={Uri.EscapeDataString(token)}");

    private static string? TokenFor(string problem)
    {
        var claims = JitsiTokens.Claims("boardroom", "Mallory");
        switch (problem)
        {
            case "no token":
                return null;
            case "bad signature":
                return JitsiTokens.Sign(claims, secret: "a-different-secret-also-32-bytes-long");
            case "expired":
                claims["nbf"] = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds();
                claims["exp"] = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
                break;
            case "wrong room":
                claims["room"] = "another-room";
                break;
            case "wrong audience":
                claims["aud"] = "some-other-service";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(problem), problem, "no such case");
        }

        return JitsiTokens.Sign(claims);
    }

    /// <summary>The sentence web/src/ui/join-errors.ts shows for <paramref name="code"/>.</summary>
    private static string ExpectedSentence(string code) => code switch
    {
        "token_required" => "This meeting needs an invitation",
        "token_bad_signature" => "its signature does not verify",
        "token_expired" => "has expired",
        "token_wrong_room" => "is for another meeting",
        "token_wrong_audience" => "wrong audience",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "no sentence known"),
    };

    private static async Task WaitForNobodyAsync(ScaleMeetProcess server) =>
        await Eventually.WaitForAsync(server.StatsAsync, s => s.GetProperty("focus").GetProperty("participants").GetInt32() == 0,
            TimeSpan.FromSeconds(20), "the server holding no participant");
}
