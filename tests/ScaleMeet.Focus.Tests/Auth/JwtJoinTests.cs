using System.Text.Json.Nodes;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Auth;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests.Auth;

/// <summary>Mode jwt through the signaling session: nobody in without a valid token; the token names and elects moderators.</summary>
public sealed class JwtJoinTests
{
    private readonly FocusHarness _harness = new(
        auth: new AuthOptions { Mode = AuthOptions.ModeJwt, Jwt = TestTokens.HsOptions() },
        time: new FixedClock(TestTokens.Now));

    [Fact]
    public async Task Join_ValidToken_JoinedUnderTheTokensNameWhateverWasTyped()
    {
        var (ada, adaJoined) = await _harness.JoinAsync("standup", "Mallory", token: TestTokens.Hs256(TestTokens.Claims(name: "Ada Lovelace")));
        var (_, bobJoined) = await _harness.JoinAsync("standup", "Bob", token: TestTokens.Hs256(TestTokens.Claims(name: null)));

        Assert.Equal("Ada Lovelace", adaJoined.DisplayName);
        Assert.Equal("Ada Lovelace", Assert.Single(bobJoined.Participants).DisplayName);
        Assert.Equal("Bob", bobJoined.DisplayName);
        Assert.Equal("Bob", (await ada.Connection.NextAsync<ParticipantJoinedMessage>()).Participant.DisplayName);
        Assert.Equal(["Ada Lovelace", "Bob"], _harness.Bridge.RequestsOf<AllocateEndpointRequest>().Select(r => r.DisplayName));
    }

    [Fact]
    public async Task Join_TokenNamedInvalidTypedName_TokenNameWins()
    {
        var client = _harness.NewClient();

        await client.SendAsync(new JoinMessage("standup", "\u0007", Token: TestTokens.Hs256(TestTokens.Claims())) { RequestId = 1 });

        Assert.Equal("Ada", (await client.Connection.NextAsync<JoinedMessage>()).DisplayName);
    }

    [Fact]
    public async Task Join_TokenWithoutNameAndInvalidTypedName_InvalidName()
    {
        var client = _harness.NewClient();

        await client.SendAsync(new JoinMessage("standup", "  ", Token: TestTokens.Hs256(TestTokens.Claims(name: null))) { RequestId = 1 });

        await client.Connection.NextErrorAsync(SignalingErrorCodes.InvalidName, 1);
    }

    public static TheoryData<string, string?> Refusals()
    {
        var expired = TestTokens.Claims();
        expired["nbf"] = (TestTokens.Now - TimeSpan.FromHours(2)).ToUnixTimeSeconds();
        expired["exp"] = (TestTokens.Now - TimeSpan.FromHours(1)).ToUnixTimeSeconds();
        var early = TestTokens.Claims();
        early["nbf"] = (TestTokens.Now + TimeSpan.FromMinutes(30)).ToUnixTimeSeconds();
        var audience = TestTokens.Claims();
        audience["aud"] = "elsewhere";
        var issuer = TestTokens.Claims();
        issuer["iss"] = "elsewhere";
        return new()
        {
            { SignalingErrorCodes.TokenRequired, null },
            { SignalingErrorCodes.TokenInvalid, "not.a.jwt" },
            { SignalingErrorCodes.TokenBadSignature, TestTokens.Hs256(TestTokens.Claims(), secret: "not-the-secret-but-32-bytes-long!!") },
            { SignalingErrorCodes.TokenBadSignature, TestTokens.Unsigned(TestTokens.Claims()) },
            { SignalingErrorCodes.TokenExpired, TestTokens.Hs256(expired) },
            { SignalingErrorCodes.TokenNotYetValid, TestTokens.Hs256(early) },
            { SignalingErrorCodes.TokenWrongRoom, TestTokens.Hs256(TestTokens.Claims(room: "board")) },
            { SignalingErrorCodes.TokenWrongAudience, TestTokens.Hs256(audience) },
            { SignalingErrorCodes.TokenWrongIssuer, TestTokens.Hs256(issuer) },
        };
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Join_WithoutAValidToken_RefusedWithItsCodeCountedAndNothingAllocated(string code, string? token)
    {
        var client = _harness.NewClient();

        await client.SendAsync(new JoinMessage("standup", "Ada", Token: token) { RequestId = 4 });

        await client.Connection.NextErrorAsync(code, 4);
        Assert.Empty(_harness.Bridge.Requests);
        Assert.Equal(new FocusSnapshot(0, 0, 1), _harness.Focus.GetSnapshot());
        Assert.Equal(1, _harness.Focus.Counters.JoinFailures.Single(f => f.Key == code).Value);
        Assert.Equal(1, _harness.Focus.Counters.SignalingErrors.Single(f => f.Key == code).Value);

        // The connection stays usable: a valid token gets in.
        await client.SendAsync(new JoinMessage("standup", "Ada", Token: TestTokens.Hs256(TestTokens.Claims())) { RequestId = 5 });
        Assert.Equal(5, (await client.Connection.NextAsync<JoinedMessage>()).RequestId);
    }

    [Fact]
    public async Task Join_FirstParticipantWithoutModeratorClaim_IsNotModerator()
    {
        var (ada, adaJoined) = await _harness.JoinAsync("standup", "Ada", token: TestTokens.Hs256(TestTokens.Claims()));

        Assert.False(adaJoined.Moderator);
        await ada.SendAsync(new SetRoomPasswordMessage("secret") { RequestId = 2 });
        await ada.Connection.NextErrorAsync(SignalingErrorCodes.NotModerator, 2);
    }

    [Fact]
    public async Task Join_ModeratorToken_ModeratorBypassesThePasswordAndModerationIsNotHandedOn()
    {
        var moderatorClaims = TestTokens.Claims(name: "Mod");
        moderatorClaims["moderator"] = true;
        var (mod, modJoined) = await _harness.JoinAsync("standup", "x", token: TestTokens.Hs256(moderatorClaims));
        var (ada, adaJoined) = await _harness.JoinAsync("standup", "x", token: TestTokens.Hs256(TestTokens.Claims(name: "Ada")));
        await mod.Connection.NextAsync<ParticipantJoinedMessage>();
        Assert.True(modJoined.Moderator);
        Assert.False(adaJoined.Moderator);

        await mod.SendAsync(new SetRoomPasswordMessage("secret") { RequestId = 2 });
        Assert.True((await mod.Connection.NextAsync<RoomLockedMessage>()).Locked);
        Assert.True((await ada.Connection.NextAsync<RoomLockedMessage>()).Locked);

        var bob = _harness.NewClient();
        await bob.SendAsync(new JoinMessage("standup", "x", Token: TestTokens.Hs256(TestTokens.Claims(name: "Bob"))) { RequestId = 3 });
        await bob.Connection.NextErrorAsync(SignalingErrorCodes.PasswordRequired, 3);
        var second = TestTokens.Claims(name: "Second mod");
        second["context"]!["user"]!["moderator"] = "true";
        var (_, secondJoined) = await _harness.JoinAsync("standup", "x", token: TestTokens.Hs256(second));
        Assert.True(secondJoined.Moderator);
        Assert.True(secondJoined.Locked);

        await mod.Session.CloseAsync("left");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();
        Assert.Equal(modJoined.ParticipantId, (await ada.Connection.NextAsync<ParticipantLeftMessage>()).ParticipantId);
        await ada.SendAsync(new SetRoomPasswordMessage(null) { RequestId = 4 });
        await ada.Connection.NextErrorAsync(SignalingErrorCodes.NotModerator, 4);
    }

    [Fact]
    public async Task Join_WildcardRoomToken_EntersAnyRoom()
    {
        var token = TestTokens.Hs256(TestTokens.Claims(room: "*"));

        var (_, first) = await _harness.JoinAsync("standup", "x", token: token);
        var (_, second) = await _harness.JoinAsync("Retro.2026", "x", token: token);

        Assert.Equal("standup", first.Room);
        Assert.Equal("Retro.2026", second.Room);
    }

    [Fact]
    public async Task Join_RoomClaimOtherCase_Accepted()
    {
        var (_, joined) = await _harness.JoinAsync("StandUp", "x", token: TestTokens.Hs256(TestTokens.Claims(room: "standup")));

        Assert.Equal("StandUp", joined.Room);
    }

    [Fact]
    public async Task Join_TokenWithExtraJitsiClaims_Accepted()
    {
        var claims = TestTokens.Claims();
        claims["context"]!["user"]!["avatar"] = "https://example.org/a.png";
        claims["context"]!["user"]!["email"] = "ada@example.org";
        claims["context"]!["group"] = "team";
        claims["context"]!["features"] = new JsonObject { ["recording"] = "true" };

        var (_, joined) = await _harness.JoinAsync("standup", "x", token: TestTokens.Hs256(claims, kid: "jitsi/my-key"));

        Assert.Equal("Ada", joined.DisplayName);
    }
}
