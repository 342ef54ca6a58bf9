using System.Net;
using ScaleMeet.Server;
using ScaleMeet.Server.Hardening;

namespace ScaleMeet.Focus.Tests.Server.Hardening;

/// <summary>The security headers on pages, assets and endpoints, over HTTP and HTTPS.</summary>
public sealed class SecurityHeadersFunctionalTests : IDisposable
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("scalemeet-web-").FullName;

    public SecurityHeadersFunctionalTests()
    {
        File.WriteAllText(Path.Combine(_webRoot, "index.html"), "<!doctype html><title>test client</title>");
        File.WriteAllText(Path.Combine(_webRoot, "app.js"), "console.log('app');");
    }

    public void Dispose() => Directory.Delete(_webRoot, recursive: true);

    [Theory]
    [InlineData("/Standup")]
    [InlineData("/app.js")]
    [InlineData("/health")]
    [InlineData("/no/such/page")]
    public async Task Http_AnyResponse_HardeningHeadersWithoutHsts(string path)
    {
        await using var server = await TestServer.StartAsync(new() { ["ScaleMeet:Http:WebRoot"] = _webRoot });
        using var http = TestServer.Http(server);

        using var response = await http.GetAsync(path);

        Assert.Equal(SecurityHeaderOptions.DefaultContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Null(Header(response, "Strict-Transport-Security"));
        Assert.Null(Header(response, "Server"));
    }

    [Fact]
    public async Task Https_Page_HstsWithDefaultMaxAge()
    {
        await using var server = await StartHttpsAsync([]);
        using var https = HttpsClient(server);

        using var http = TestServer.Http(server);

        using var page = await https.GetAsync("/Standup");
        using var plain = await http.GetAsync("/Standup");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("max-age=31536000", Header(page, "Strict-Transport-Security"));
        Assert.Equal(SecurityHeaderOptions.DefaultContentSecurityPolicy, Header(page, "Content-Security-Policy"));
        Assert.Null(Header(plain, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Https_ConfiguredHeaders_AsConfigured()
    {
        await using var server = await StartHttpsAsync(new()
        {
            ["ScaleMeet:Http:Headers:HstsMaxAge"] = "180.00:00:00",
            ["ScaleMeet:Http:Headers:HstsIncludeSubDomains"] = "true",
            ["ScaleMeet:Http:Headers:ContentSecurityPolicy"] = "default-src 'self'",
        });
        using var https = HttpsClient(server);

        using var page = await https.GetAsync("/Standup");

        Assert.Equal("max-age=15552000; includeSubDomains", Header(page, "Strict-Transport-Security"));
        Assert.Equal("default-src 'self'", Header(page, "Content-Security-Policy"));
    }

    [Fact]
    public async Task Https_HstsAndCspTurnedOff_NeitherSentOthersStay()
    {
        await using var server = await StartHttpsAsync(new()
        {
            ["ScaleMeet:Http:Headers:HstsMaxAge"] = "00:00:00",
            ["ScaleMeet:Http:Headers:ContentSecurityPolicy"] = "",
        });
        using var https = HttpsClient(server);

        using var page = await https.GetAsync("/Standup");

        Assert.Null(Header(page, "Strict-Transport-Security"));
        Assert.Null(Header(page, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(page, "X-Content-Type-Options"));
    }

    private Task<ServerHost> StartHttpsAsync(Dictionary<string, string?> settings)
    {
        settings["ScaleMeet:Http:WebRoot"] = _webRoot;
        return TestServer.StartAsync(settings, "--self-signed", "--https-port", "0");
    }

    private static HttpClient HttpsClient(ServerHost server) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    })
    {
        BaseAddress = new Uri($"https://127.0.0.1:{server.HttpsPort}"),
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
