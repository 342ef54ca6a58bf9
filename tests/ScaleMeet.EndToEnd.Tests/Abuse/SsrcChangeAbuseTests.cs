using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>A publisher changing its simulcast layers' SSRCs, watched by Chromium, against a fresh real server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SsrcChangeAbuseTests(BrowserFixture browser)
{
    [Fact]
    public async Task LayerSsrcChange_AgainstARealServer_NoIndexReusedAndChromiumKeepsDecoding()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await new SsrcChangeAttack(browser.Browser).RunAsync(new AbuseTarget(server, "abuse-ssrc"), timeout.Token);
    }
}
