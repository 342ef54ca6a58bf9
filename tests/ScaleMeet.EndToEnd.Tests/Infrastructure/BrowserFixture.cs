using Microsoft.Playwright;

namespace ScaleMeet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download): headless, fake camera and microphone,
/// loopback allowed for WebRTC so media stays on 127.0.0.1.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The program <see cref="ChromiumPath"/> (Debian's wrapper script) runs: every Chromium process's executable.</summary>
    public const string ChromiumBinary = "/usr/lib/chromium/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: the README's test command installs Debian's chromium package");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(ChromiumPath);
    }

    /// <summary>
    /// Another Chromium with the same flags: <paramref name="executable"/> may be a launcher script (e.g. one that
    /// runs Chromium inside a network namespace); <paramref name="extraArgs"/> are added to the command line.
    /// </summary>
    public async Task<IBrowser> LaunchAsync(string executable, params string[] extraArgs) =>
        await _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--allow-loopback-in-peer-connection",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--autoplay-policy=no-user-gesture-required",
                .. extraArgs,
            ],
        });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
