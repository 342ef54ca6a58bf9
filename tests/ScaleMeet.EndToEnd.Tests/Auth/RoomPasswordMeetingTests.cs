using Microsoft.Playwright;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Auth;

/// <summary>
/// Room passwords in Chromium against the real server: the first participant (the moderator) locks the room from the
/// toolbar; a later page is asked for the password, a wrong one is refused on screen, the right one gets in and decodes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomPasswordMeetingTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Password = "blue-elephant-42";
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LockedRoom_PasswordRequiredThenWrongThenRight_JoinsAndDecodes()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        await using var alice = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "locked", "Alice");
        Assert.True(await alice.Page.EvaluateAsync<bool>("() => window.scaleMeet.moderator()"));
        Assert.False(await alice.Page.IsVisibleAsync("[data-testid='room-locked-indicator']"));

        await alice.Page.ClickAsync("[data-testid='toolbar.security']");
        await alice.Page.FillAsync("[data-testid='security.password']", Password);
        await alice.Page.ClickAsync("[data-testid='security.lock']");
        await alice.Page.WaitForSelectorAsync("[data-testid='room-locked-indicator']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        Assert.True(await alice.Page.EvaluateAsync<bool>("() => window.scaleMeet.locked()"));
        Assert.True(await alice.Page.IsHiddenAsync("[data-testid='security-dialog']"));

        await using var bob = await MeetingPage.OpenAsync(browser.Browser, server.BaseUrl, "locked", "Bob");
        await bob.Page.FillAsync("input[placeholder='Enter your name']", "Bob");
        Assert.True(await bob.Page.IsHiddenAsync("[data-testid='prejoin.password']"));
        await bob.Page.ClickAsync("[data-testid='prejoin.joinMeeting']");
        var required = await WaitForErrorAsync(bob, "password_required");
        Assert.Contains("This meeting is locked", required, StringComparison.Ordinal);
        Assert.True(await bob.Page.IsVisibleAsync("[data-testid='prejoin.password']"));

        await bob.Page.FillAsync("[data-testid='prejoin.password']", "not-the-password");
        await bob.Page.ClickAsync("[data-testid='prejoin.joinMeeting']");
        var wrong = await WaitForErrorAsync(bob, "wrong_password");
        Assert.Contains("Wrong password", wrong, StringComparison.Ordinal);
        Assert.Equal(0, await bob.Page.Locator("[data-testid='participant-tile']").CountAsync());
        var refused = await server.StatsAsync();
        Assert.Equal(1, refused.GetProperty("focus").GetProperty("participants").GetInt32());
        output.WriteLine($"refusals shown: '{required}', '{wrong}'");

        await bob.Page.FillAsync("[data-testid='prejoin.password']", Password);
        await bob.Page.ClickAsync("[data-testid='prejoin.joinMeeting']");
        await bob.Page.WaitForSelectorAsync("[data-testid='participant-tile']", new PageWaitForSelectorOptions { Timeout = 30_000 });

        await bob.Page.WaitForSelectorAsync("[data-testid='room-locked-indicator']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
        Assert.False(await bob.Page.EvaluateAsync<bool>("() => window.scaleMeet.moderator()"));
        Assert.True(await bob.Page.IsHiddenAsync("[data-testid='toolbar.security']"));
        var tracks = await MeetingTests.WaitForMediaFromOthersAsync(bob, 1);
        Assert.Contains(tracks, t => t.Kind == "video" && t.FramesDecoded > 0);
        await MeetingTests.WaitForMediaFromOthersAsync(alice, 1);
        Assert.Contains("Alice", await bob.TileNamesAsync());

        // Unlocking reaches everyone: Bob's padlock goes.
        await alice.Page.ClickAsync("[data-testid='toolbar.security']");
        await alice.Page.ClickAsync("[data-testid='security.unlock']");
        await bob.Page.WaitForSelectorAsync("[data-testid='room-locked-indicator']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden });
        Assert.False(await bob.Page.EvaluateAsync<bool>("() => window.scaleMeet.locked()"));
    }

    [Fact]
    public async Task ModeratorLeaves_NextParticipantCanLock()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var alice = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "handover", "Alice");
        await using var bob = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "handover", "Bob");
        Assert.True(await bob.Page.IsHiddenAsync("[data-testid='toolbar.security']"));

        await alice.DisposeAsync();

        await bob.Page.WaitForSelectorAsync("[data-testid='toolbar.security']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible, Timeout = 15_000 });
        Assert.True(await bob.Page.EvaluateAsync<bool>("() => window.scaleMeet.moderator()"));
        await bob.Page.ClickAsync("[data-testid='toolbar.security']");
        await bob.Page.FillAsync("[data-testid='security.password']", Password);
        await bob.Page.ClickAsync("[data-testid='security.lock']");
        await bob.Page.WaitForSelectorAsync("[data-testid='room-locked-indicator']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
    }

    private static async Task<string> WaitForErrorAsync(MeetingPage page, string code)
    {
        var error = page.Page.Locator($"[data-testid='prejoin.error'][data-error-code='{code}']");
        await error.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        return await error.InnerTextAsync();
    }
}
