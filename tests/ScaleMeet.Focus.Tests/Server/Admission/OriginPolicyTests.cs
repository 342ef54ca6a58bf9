using Microsoft.AspNetCore.Http;
using ScaleMeet.Server.Admission;

namespace ScaleMeet.Focus.Tests.Server.Admission;

/// <summary>Which pages may open the signaling WebSocket.</summary>
public sealed class OriginPolicyTests
{
    [Theory]
    [InlineData("https://meet.example.org", "https://meet.example.org:443")]
    [InlineData("HTTPS://Meet.Example.ORG/", "https://meet.example.org:443")]
    [InlineData("http://localhost:8080", "http://localhost:8080")]
    [InlineData("http://127.0.0.1", "http://127.0.0.1:80")]
    [InlineData("https://[::1]:8443", "https://[::1]:8443")]
    public void TryNormalize_Origin_SchemeHostPort(string text, string expected)
    {
        Assert.True(OriginPolicy.TryNormalize(text, out var origin));
        Assert.Equal(expected, origin);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("meet.example.org")]
    [InlineData("ftp://meet.example.org")]
    [InlineData("file:///home/ada/page.html")]
    [InlineData("https://meet.example.org/room")]
    [InlineData("https://meet.example.org?x=1")]
    [InlineData("https://ada@meet.example.org")]
    [InlineData("chrome-extension://abcdefgh")]
    public void TryNormalize_NotAnOrigin_False(string text) => Assert.False(OriginPolicy.TryNormalize(text, out _));

    [Theory]
    [InlineData("http", "localhost:8080", null, "Absent")]
    [InlineData("http", "localhost:8080", "http://localhost:8080", "SameOrigin")]
    [InlineData("http", "LOCALHOST:8080", "http://localhost:8080", "SameOrigin")]
    [InlineData("https", "meet.example.org", "https://meet.example.org", "SameOrigin")]
    [InlineData("https", "meet.example.org:443", "https://meet.example.org", "SameOrigin")]
    [InlineData("http", "localhost:8080", "http://localhost:8081", "Refused")]
    [InlineData("http", "localhost:8080", "https://localhost:8080", "Refused")]
    [InlineData("https", "meet.example.org", "https://evil.example.net", "Refused")]
    [InlineData("https", "meet.example.org", "https://meet.example.org.evil.net", "Refused")]
    [InlineData("https", "meet.example.org", "null", "Refused")]
    [InlineData("https", "meet.example.org", "https://app.example.org", "Listed")]
    [InlineData("https", "meet.example.org", "http://localhost:3000", "Listed")]
    [InlineData("https", "meet.example.org", "http://localhost:3001", "Refused")]
    public void Check_Request_Decision(string scheme, string host, string? origin, string expected)
    {
        var policy = new OriginPolicy(["https://app.example.org", "http://localhost:3000"]);
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Equal(Enum.Parse<OriginDecision>(expected), policy.Check(context.Request));
    }

    [Fact]
    public void Check_TwoOriginHeaders_Refused()
    {
        var policy = new OriginPolicy([]);
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost:8080");
        context.Request.Headers.Origin = new Microsoft.Extensions.Primitives.StringValues(["http://localhost:8080", "http://localhost:8080"]);

        Assert.Equal(OriginDecision.Refused, policy.Check(context.Request));
    }
}
