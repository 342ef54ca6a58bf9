using System.Net;

namespace ScaleMeet.Focus.Tests.Server.Hardening;

/// <summary>/stats and /metrics with the admin bearer token, loopback trust on and off, and behind a trusted proxy.</summary>
public sealed class AdminAccessFunctionalTests
{
    private const string Token = "test-admin-token-0123456789abcdef";

    [Theory]
    [InlineData("/stats")]
    [InlineData("/metrics")]
    public async Task AdminEndpoint_LoopbackNotTrusted_OnlyTheRightTokenOpensIt(string path)
    {
        await using var server = await TestServer.StartAsync(new()
        {
            ["ScaleMeet:Http:AdminToken"] = Token,
            ["ScaleMeet:Http:TrustLoopback"] = "false",
        });
        using var http = TestServer.Http(server);

        using var missing = await GetAsync(http, path, authorization: null);
        using var wrong = await GetAsync(http, path, $"Bearer {Token[..^1]}x");
        using var right = await GetAsync(http, path, $"Bearer {Token}");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", wrong.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(path == "/stats" ? "\"conferences\"" : "scalemeet_focus_rooms", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var metrics = await GetAsync(http, "/metrics", $"Bearer {Token}");
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("\nscalemeet_server_admin_refused_total{reason=\"untrusted_address\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_server_admin_refused_total{reason=\"invalid_token\"} 1\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/stats")]
    [InlineData("/metrics")]
    public async Task AdminEndpoint_LoopbackTrusted_OpenWithoutTokenButAWrongTokenIs401(string path)
    {
        await using var server = await TestServer.StartAsync(new() { ["ScaleMeet:Http:AdminToken"] = Token });
        using var http = TestServer.Http(server);

        using var missing = await GetAsync(http, path, authorization: null);
        using var wrong = await GetAsync(http, path, "Bearer nope");

        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task AdminEndpoint_NoTokenConfigured_BearerRefusedAndLoopbackOffMeansClosed()
    {
        await using var server = await TestServer.StartAsync(new() { ["ScaleMeet:Http:TrustLoopback"] = "false" });
        using var http = TestServer.Http(server);

        using var missing = await GetAsync(http, "/stats", authorization: null);
        using var bearer = await GetAsync(http, "/stats", $"Bearer {Token}");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bearer.StatusCode);
    }

    [Fact]
    public async Task AdminEndpoint_ThroughTrustedProxy_ClientAddressJudgedNotTheProxys()
    {
        // The proxy is on this host (127.0.0.1); without TrustedProxies every client through it would look local.
        await using var server = await TestServer.StartAsync(new()
        {
            ["ScaleMeet:Http:AdminToken"] = Token,
            ["ScaleMeet:Http:TrustedProxies:0"] = "127.0.0.1",
        });
        using var http = TestServer.Http(server);

        using var remote = await GetAsync(http, "/stats", authorization: null, forwardedFor: "203.0.113.5");
        using var remoteWithToken = await GetAsync(http, "/stats", $"Bearer {Token}", forwardedFor: "203.0.113.5");
        using var local = await GetAsync(http, "/stats", authorization: null, forwardedFor: "127.0.0.1");
        using var spoofed = await GetAsync(http, "/stats", authorization: null, forwardedFor: "127.0.0.1, 203.0.113.5");

        Assert.Equal(HttpStatusCode.NotFound, remote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, remoteWithToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, spoofed.StatusCode);
    }

    [Fact]
    public async Task AdminEndpoint_ForwardedForFromUntrustedPeer_Ignored()
    {
        await using var server = await TestServer.StartAsync();
        using var http = TestServer.Http(server);

        using var response = await GetAsync(http, "/stats", authorization: null, forwardedFor: "203.0.113.5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? authorization, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await http.SendAsync(request);
    }
}
