using System.Net;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Security;

/// <summary>
/// The web client under its Content-Security-Policy over HTTPS (the self-signed certificate, Chromium told to accept
/// it): two people meet and decode each other's video with no violation reported, while the policy demonstrably
/// holds in the page (an inline script is refused and reported; Playwright's own evaluation is exempt, the page's
/// elements are not).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HttpsSecurityTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string ExpectedPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob: mediastream:; " +
        "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    [Fact]
    public async Task TwoParticipants_HttpsUnderTheCsp_DecodeEachOtherWithNoViolation()
    {
        await using var server = await ScaleMeetProcess.StartHttpsAsync();
        var baseUrl = server.HttpsBaseUrl!;
        using (var https = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator }))
        {
            using var page = await https.GetAsync($"{baseUrl}/csp-room");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(ExpectedPolicy, string.Join(", ", page.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("max-age=31536000", string.Join(", ", page.Headers.GetValues("Strict-Transport-Security")));
            Assert.Equal("nosniff", string.Join(", ", page.Headers.GetValues("X-Content-Type-Options")));
        }

        var chromium = await browser.LaunchAsync(BrowserFixture.ChromiumPath, "--ignore-certificate-errors");
        await using var closeBrowser = new AsyncCleanup(() => chromium.CloseAsync());
        await using var alice = await MeetingPage.JoinAsync(chromium, baseUrl, "csp-room", "Alice");
        await using var bob = await MeetingPage.JoinAsync(chromium, baseUrl, "csp-room", "Bob");

        foreach (var page in new[] { alice, bob })
        {
            var tracks = await MeetingTests.WaitForMediaFromOthersAsync(page, 1);
            var video = Assert.Single(tracks, t => t.Kind == "video");
            Assert.True(video.FramesDecoded > 0 && video.FrameHeight > 0, $"{page.Name}: {video}");
            output.WriteLine($"{page.Name}: {string.Join("; ", tracks)}");
            Assert.Equal("https:", await page.Page.EvaluateAsync<string>("() => location.protocol"));
            Assert.Empty(await page.CspViolationsAsync());
        }

        // The policy is in force in the page, and the recorder sees what it refuses.
        var inlineRan = await alice.Page.EvaluateAsync<bool>("""
            () => {
              const script = document.createElement('script');
              script.textContent = 'window.__inlineScriptRan = true;';
              document.head.append(script);
              return window.__inlineScriptRan === true;
            }
            """);
        Assert.False(inlineRan, "an inline script ran: the page is not under the policy");
        var violations = await Eventually.WaitForAsync(alice.CspViolationsAsync, v => v.Count > 0, TimeSpan.FromSeconds(10), "the inline script's violation being reported");
        Assert.StartsWith("script-src-elem blocked inline", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminToken_RightAndWrongRequests_TokenNeverInTheServerLog()
    {
        const string token = "e2e-admin-token-never-logged-0123456789";
        await using var server = await ScaleMeetProcess.StartWithSettingsAsync(new Dictionary<string, string>
        {
            ["ScaleMeet__Http__AdminToken"] = token,
            ["ScaleMeet__Http__TrustLoopback"] = "false",
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__ScaleMeet"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
        });
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        var statuses = new List<HttpStatusCode>();
        foreach (var authorization in new[] { $"Bearer {token}", $"Bearer {token}x", $"Bearer {token[..^1]}", null })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound], statuses);
        await Eventually.WaitForAsync(() => Task.FromResult(server.Output), o => o.Contains("/metrics", StringComparison.Ordinal), TimeSpan.FromSeconds(10),
            "the requests showing in the trace log");
        Assert.DoesNotContain(token[..^1], server.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs an async close when disposed (the extra browser).</summary>
    private sealed class AsyncCleanup(Func<Task> cleanup) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await cleanup();
    }
}
