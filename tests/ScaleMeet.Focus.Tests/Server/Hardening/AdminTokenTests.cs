using System.Security.Cryptography;
using ScaleMeet.Server.Hardening;

namespace ScaleMeet.Focus.Tests.Server.Hardening;

/// <summary>The admin bearer token: only the exact token opens, compared as fixed-length digests.</summary>
public sealed class AdminTokenTests
{
    private const string Token = "s3cret-admin-token-0123456789";

    [Theory]
    [InlineData("Bearer " + Token, true)]
    [InlineData("bearer " + Token, true)]
    [InlineData("BEARER  " + Token + " ", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("Bearer", false)]
    [InlineData("Bearer ", false)]
    [InlineData(Token, false)]
    [InlineData("Basic " + Token, false)]
    [InlineData("Bearer " + Token + "x", false)]
    [InlineData("Bearer " + "s3cret-admin-token-012345678", false)]
    [InlineData("Bearer " + "S3cret-admin-token-0123456789", false)]
    [InlineData("Bearer " + "s3cret-admin-token-0123456788", false)]
    public void Matches_Authorization_OnlyTheExactToken(string? authorization, bool expected) =>
        Assert.Equal(expected, new AdminToken(Token).Matches(authorization));

    [Fact]
    public void Matches_PresentedTokenOfAnyLength_ComparedAsTwo32ByteDigests()
    {
        // What is compared in fixed time is SHA-256(presented) against SHA-256(token): always 32 bytes against 32,
        // so neither a matching prefix nor the presented length changes the work of the comparison.
        var digest = AdminToken.Digest(Token);
        Assert.Equal(SHA256.HashSizeInBytes, digest.Length);

        foreach (var presented in new[] { "", "s", Token[..^1], Token + Token, new string('x', 100_000), "ü€😀" })
        {
            Assert.False(AdminToken.Matches(digest, presented));
        }

        Assert.True(AdminToken.Matches(digest, Token));
    }
}
