using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Auth;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests.Auth;

/// <summary>The token table of Jitsi's layout: what is accepted, and the distinct code of every refusal.</summary>
public sealed class TokenValidatorTests
{
    private readonly FixedClock _clock = new(TestTokens.Now);

    [Fact]
    public async Task Validate_Hs256InJitsiLayout_AcceptedWithName()
    {
        var check = await Hs().ValidateAsync(TestTokens.Hs256(TestTokens.Claims()), "standup");

        Assert.True(check.IsAccepted, check.Message);
        Assert.Equal("Ada", check.DisplayName);
        Assert.False(check.Moderator);
    }

    [Fact]
    public async Task Validate_Rs256WithKid_Accepted()
    {
        var check = await Rs().ValidateAsync(TestTokens.Rs256(TestTokens.Claims(), kid: "jitsi/key-1"), "standup");

        Assert.True(check.IsAccepted, check.Message);
        Assert.Equal("Ada", check.DisplayName);
    }

    [Fact]
    public async Task Validate_OtherSecret_BadSignature()
    {
        var token = TestTokens.Hs256(TestTokens.Claims(), secret: "another-secret-that-is-32-bytes-long");

        await AssertRefusedAsync(Hs(), token, SignalingErrorCodes.TokenBadSignature);
    }

    [Fact]
    public async Task Validate_OtherRsaKey_BadSignature()
    {
        using var other = RSA.Create(2048);

        await AssertRefusedAsync(Rs(), TestTokens.Rs256(TestTokens.Claims(), other), SignalingErrorCodes.TokenBadSignature);
    }

    [Fact]
    public async Task Validate_TamperedPayload_BadSignature()
    {
        var token = TestTokens.Hs256(TestTokens.Claims());
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{TestTokens.Part(TestTokens.Claims(room: "*"))}.{parts[2]}";

        await AssertRefusedAsync(Hs(), forged, SignalingErrorCodes.TokenBadSignature);
    }

    [Fact]
    public async Task Validate_AlgNone_BadSignature()
    {
        await AssertRefusedAsync(Hs(), TestTokens.Unsigned(TestTokens.Claims()), SignalingErrorCodes.TokenBadSignature);
        await AssertRefusedAsync(Rs(), TestTokens.Unsigned(TestTokens.Claims()), SignalingErrorCodes.TokenBadSignature);
    }

    [Fact]
    public async Task Validate_Hs384WithTheRightSecret_BadSignature()
    {
        await AssertRefusedAsync(Hs(), TestTokens.Hs256(TestTokens.Claims(), alg: "HS384"), SignalingErrorCodes.TokenBadSignature);
    }

    [Fact]
    public async Task Validate_Hs256KeyedWithTheRs256PublicKey_BadSignature()
    {
        // The classic confusion: an RS256 server whose library would take its public key as an HMAC secret.
        var publicPem = Encoding.UTF8.GetBytes(TestTokens.Rsa.ExportSubjectPublicKeyInfoPem());
        var publicDer = TestTokens.Rsa.ExportSubjectPublicKeyInfo();

        await AssertRefusedAsync(Rs(), TestTokens.Hs256WithKey(TestTokens.Claims(), publicPem), SignalingErrorCodes.TokenBadSignature);
        await AssertRefusedAsync(Rs(), TestTokens.Hs256WithKey(TestTokens.Claims(), publicDer), SignalingErrorCodes.TokenBadSignature);
    }

    [Fact]
    public async Task Validate_KeyNamedOrEmbeddedInTheHeader_IgnoredSoBadSignature()
    {
        using var attacker = RSA.Create(2048);
        var parameters = attacker.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["n"] = Convert.ToBase64String(parameters.Modulus!).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            ["e"] = Convert.ToBase64String(parameters.Exponent!).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
        };
        var header = new JsonObject { ["jwk"] = jwk, ["jku"] = "https://attacker.example/keys", ["x5u"] = "https://attacker.example/cert" };

        await AssertRefusedAsync(Rs(), TestTokens.Rs256WithHeader(TestTokens.Claims(), attacker, header), SignalingErrorCodes.TokenBadSignature);
    }

    [Fact]
    public async Task Validate_Rs256OnAnHs256Server_BadSignature()
    {
        await AssertRefusedAsync(Hs(), TestTokens.Rs256(TestTokens.Claims()), SignalingErrorCodes.TokenBadSignature);
    }

    [Fact]
    public async Task Validate_Expired_TokenExpired()
    {
        var claims = TestTokens.Claims();
        claims["nbf"] = (TestTokens.Now - TimeSpan.FromHours(1)).ToUnixTimeSeconds();
        claims["exp"] = (TestTokens.Now - TimeSpan.FromMinutes(5)).ToUnixTimeSeconds();

        var check = await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenExpired);
        Assert.Contains("11:55:00", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ExpiredWithinClockSkew_Accepted()
    {
        var claims = TestTokens.Claims();
        claims["nbf"] = (TestTokens.Now - TimeSpan.FromHours(1)).ToUnixTimeSeconds();
        claims["exp"] = (TestTokens.Now - TimeSpan.FromSeconds(20)).ToUnixTimeSeconds();

        var check = await Hs().ValidateAsync(TestTokens.Hs256(claims), "standup");

        Assert.True(check.IsAccepted, check.Message);
        _clock.Now += TimeSpan.FromSeconds(11);
        await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenExpired);
    }

    [Fact]
    public async Task Validate_NotBeforeInTheFuture_TokenNotYetValid()
    {
        var claims = TestTokens.Claims();
        claims["nbf"] = (TestTokens.Now + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds();

        await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenNotYetValid);
        _clock.Now += TimeSpan.FromMinutes(10);
        Assert.True((await Hs().ValidateAsync(TestTokens.Hs256(claims), "standup")).IsAccepted);
    }

    [Fact]
    public async Task Validate_NoExp_TokenInvalid()
    {
        var claims = TestTokens.Claims();
        claims.Remove("exp");

        var check = await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenInvalid);
        Assert.Contains("'exp'", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NotBeforeAfterExp_TokenInvalid()
    {
        var claims = TestTokens.Claims();
        claims["nbf"] = (TestTokens.Now + TimeSpan.FromHours(2)).ToUnixTimeSeconds();

        await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenInvalid);
    }

    [Fact]
    public async Task Validate_OtherRoom_TokenWrongRoom()
    {
        var check = await AssertRefusedAsync(Hs(), TestTokens.Hs256(TestTokens.Claims(room: "board")), SignalingErrorCodes.TokenWrongRoom);
        Assert.Contains("'board'", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_OtherRoomNotARoomName_NotEchoed()
    {
        var check = await AssertRefusedAsync(Hs(), TestTokens.Hs256(TestTokens.Claims(room: "evil\nroom")), SignalingErrorCodes.TokenWrongRoom);

        Assert.Equal("the token is for another room, not 'standup'", check.Message);
    }

    [Theory]
    [InlineData("standup", "StandUp")]
    [InlineData("STANDUP", "standup")]
    [InlineData("*", "standup")]
    [InlineData("*", "Anything.else-1")]
    public async Task Validate_RoomClaim_MatchesCaseInsensitivelyOrWildcard(string claim, string room)
    {
        var check = await Hs().ValidateAsync(TestTokens.Hs256(TestTokens.Claims(room: claim)), room);

        Assert.True(check.IsAccepted, check.Message);
    }

    [Fact]
    public async Task Validate_NoRoomClaim_TokenInvalid()
    {
        var claims = TestTokens.Claims();
        claims.Remove("room");

        var check = await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenInvalid);
        Assert.Contains("'room'", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_OtherAudience_TokenWrongAudience()
    {
        var claims = TestTokens.Claims();
        claims["aud"] = "another-service";

        await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenWrongAudience);
    }

    [Fact]
    public async Task Validate_NoAudience_TokenWrongAudience()
    {
        var claims = TestTokens.Claims();
        claims.Remove("aud");

        await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenWrongAudience);
        await AssertRefusedAsync(Hs(audience: "*"), TestTokens.Hs256(claims), SignalingErrorCodes.TokenWrongAudience);
    }

    [Fact]
    public async Task Validate_AnyAudienceConfigured_AcceptsEveryAudience()
    {
        var claims = TestTokens.Claims();
        claims["aud"] = "another-service";

        var check = await Hs(audience: "*").ValidateAsync(TestTokens.Hs256(claims), "standup");

        Assert.True(check.IsAccepted, check.Message);
    }

    [Fact]
    public async Task Validate_AudienceArrayWithOurs_Accepted()
    {
        var claims = TestTokens.Claims();
        claims["aud"] = new JsonArray("other", TestTokens.Audience);

        Assert.True((await Hs().ValidateAsync(TestTokens.Hs256(claims), "standup")).IsAccepted);
    }

    [Fact]
    public async Task Validate_OtherIssuer_TokenWrongIssuer()
    {
        var claims = TestTokens.Claims();
        claims["iss"] = "someone-else";

        await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenWrongIssuer);
        claims.Remove("iss");
        await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenWrongIssuer);
    }

    [Fact]
    public async Task Validate_NoNameClaim_AcceptedWithoutName()
    {
        var check = await Hs().ValidateAsync(TestTokens.Hs256(TestTokens.Claims(name: null)), "standup");

        Assert.True(check.IsAccepted, check.Message);
        Assert.Null(check.DisplayName);
    }

    [Theory]
    [InlineData("  Ada Lovelace  ", "Ada Lovelace")]
    [InlineData("Zoë 🎉", "Zoë 🎉")]
    public async Task Validate_NameClaim_NormalizedLikeATypedName(string name, string expected)
    {
        var check = await Hs().ValidateAsync(TestTokens.Hs256(TestTokens.Claims(name: name)), "standup");

        Assert.Equal(expected, check.DisplayName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ada\nLovelace")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65
    public async Task Validate_NameClaimBreakingTheRules_TokenInvalid(string name)
    {
        var check = await AssertRefusedAsync(Hs(), TestTokens.Hs256(TestTokens.Claims(name: name)), SignalingErrorCodes.TokenInvalid);
        Assert.Contains("context.user.name", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NameClaimNotAString_TokenInvalid()
    {
        var claims = TestTokens.Claims();
        claims["context"]!["user"]!["name"] = 42;

        await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenInvalid);
    }

    public static TheoryData<string, string, bool> ModeratorClaims => new()
    {
        { "no moderator claim", "{}", false },
        { "top level true (mod_token_moderation)", """{"moderator":true}""", true },
        { "top level false", """{"moderator":false}""", false },
        { "top level \"true\"", """{"moderator":"true"}""", true },
        { "context.user.moderator true", """{"context":{"user":{"name":"Ada","moderator":true}}}""", true },
        { "context.user.moderator \"true\" (JaaS)", """{"context":{"user":{"name":"Ada","moderator":"true"}}}""", true },
        { "context.user.moderator \"false\"", """{"context":{"user":{"name":"Ada","moderator":"false"}}}""", false },
        { "context.user.moderator 1", """{"context":{"user":{"name":"Ada","moderator":1}}}""", false },
        { "context.user.affiliation owner (mod_token_affiliation)", """{"context":{"user":{"name":"Ada","affiliation":"owner"}}}""", true },
        { "context.user.affiliation moderator", """{"context":{"user":{"name":"Ada","affiliation":"moderator"}}}""", true },
        { "context.user.affiliation member", """{"context":{"user":{"name":"Ada","affiliation":"member"}}}""", false },
        { "context.moderator (not a Jitsi place)", """{"context":{"moderator":true,"user":{"name":"Ada"}}}""", false },
    };

    [Theory]
    [MemberData(nameof(ModeratorClaims))]
    public async Task Validate_ModeratorClaimVariants_AsJitsiIssuersSendThem(string variant, string extra, bool moderator)
    {
        var claims = TestTokens.Claims();
        foreach (var (name, value) in JsonNode.Parse(extra)!.AsObject())
        {
            claims[name] = value?.DeepClone();
        }

        var check = await Hs().ValidateAsync(TestTokens.Hs256(claims), "standup");

        Assert.True(check.IsAccepted, $"{variant}: {check.Message}");
        Assert.Equal(moderator, check.Moderator);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJyb29tIjoic3RhbmR1cCJ9")]
    [InlineData("....")]
    [InlineData("a.b.c.d.e")]
    public async Task Validate_NotAJwt_TokenInvalid(string token)
    {
        await AssertRefusedAsync(Hs(), token, SignalingErrorCodes.TokenInvalid);
    }

    [Fact]
    public async Task Validate_LongerThanTheLimit_TokenInvalidBeforeParsing()
    {
        var claims = TestTokens.Claims();
        claims["padding"] = new string('x', 9000);

        var check = await AssertRefusedAsync(Hs(), TestTokens.Hs256(claims), SignalingErrorCodes.TokenInvalid);
        Assert.Contains("limit is 8192", check.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("-1")]
    [InlineData("\"tomorrow\"")]
    [InlineData("99999999999999999999")]
    public async Task Validate_OddExpValues_RefusedWithoutThrowing(string exp)
    {
        var claims = TestTokens.Claims();
        claims["exp"] = JsonNode.Parse(exp);

        var check = await Hs().ValidateAsync(TestTokens.Hs256(claims), "standup");

        Assert.False(check.IsAccepted);
        Assert.Contains(check.ErrorCode, new[] { SignalingErrorCodes.TokenInvalid, SignalingErrorCodes.TokenExpired });
    }

    [Fact]
    public async Task Authenticate_ModeNone_IgnoresTheToken()
    {
        var authenticator = new JoinAuthenticator(new AuthOptions(), _clock);

        var check = await authenticator.AuthenticateAsync("standup", "garbage");

        Assert.True(check.IsAccepted);
        Assert.Null(check.DisplayName);
        Assert.False(check.Moderator);
        Assert.False(authenticator.RequiresToken);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Authenticate_JwtModeWithoutToken_TokenRequired(string? token)
    {
        var authenticator = new JoinAuthenticator(new AuthOptions { Mode = "jwt", Jwt = TestTokens.HsOptions() }, _clock);

        var check = await authenticator.AuthenticateAsync("standup", token);

        Assert.Equal(SignalingErrorCodes.TokenRequired, check.ErrorCode);
        Assert.Contains("no token", check.Message, StringComparison.Ordinal);
    }

    private TokenValidator Hs(string audience = TestTokens.Audience)
    {
        var options = TestTokens.HsOptions(audience);
        return new TokenValidator(options, JwtKey.TryLoad(options, out _)!, _clock);
    }

    private TokenValidator Rs()
    {
        var options = TestTokens.RsOptions();
        try
        {
            return new TokenValidator(options, JwtKey.TryLoad(options, out _)!, _clock);
        }
        finally
        {
            File.Delete(options.PublicKeyPath!);
        }
    }

    private static async Task<TokenCheck> AssertRefusedAsync(TokenValidator validator, string token, string code)
    {
        var check = await validator.ValidateAsync(token, "standup");
        Assert.False(check.IsAccepted, $"expected {code}, the token was accepted");
        Assert.Equal(code, check.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(check.Message));
        Assert.DoesNotContain(token.Length > 20 ? token[..20] : "\u0000", check.Message, StringComparison.Ordinal);
        return check;
    }
}
