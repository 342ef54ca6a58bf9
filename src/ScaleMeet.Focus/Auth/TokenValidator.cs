using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus.Auth;

/// <summary>
/// Verifies a join's JWT with Microsoft.IdentityModel (<see cref="JsonWebTokenHandler"/>): the signature with the one
/// configured key and algorithm (<see cref="JwtKey"/>; unsigned tokens and every other algorithm fail), <c>aud</c> and
/// <c>iss</c>; then <c>exp</c> (required) and <c>nbf</c> against the injected <see cref="TimeProvider"/> with
/// <see cref="JwtOptions.ClockSkew"/> (<see cref="TokenLifetime"/>: the library's own lifetime check reads the system clock);
/// then the room and the user of Jitsi's layout (<see cref="JitsiClaims"/>). Each failure maps to its own signaling error
/// code. Thread-safe: the handler and the parameters are only read.
/// </summary>
internal sealed class TokenValidator
{
    private readonly JsonWebTokenHandler _handler;
    private readonly TokenValidationParameters _parameters;
    private readonly int _maxLength;
    private readonly TokenLifetime _lifetime;

    public TokenValidator(JwtOptions options, JwtKey key, TimeProvider time)
    {
        _maxLength = options.MaxTokenLength;
        _lifetime = new TokenLifetime(time, options.ClockSkew);
        _handler = new JsonWebTokenHandler { MaximumTokenSizeInBytes = options.MaxTokenLength, MapInboundClaims = false };
        var anyAudience = options.Audience == "*";
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [key.Algorithm],
            RequireSignedTokens = true,
            ValidateIssuer = true,
            ValidIssuer = options.Issuer,
            ValidateAudience = true,
            RequireAudience = true,
            ValidAudience = anyAudience ? null : options.Audience,
            AudienceValidator = anyAudience ? static (audiences, _, _) => audiences.Any(a => !string.IsNullOrEmpty(a)) : null,
            ValidateLifetime = false,
            ValidateTokenReplay = false,
            SaveSigninToken = false,
        };
    }

    /// <summary>Checks <paramref name="token"/> for a join of <paramref name="room"/>. Never throws for bad input.</summary>
    public async Task<TokenCheck> ValidateAsync(string token, string room)
    {
        if (token.Length > _maxLength)
        {
            return TokenCheck.Refused(SignalingErrorCodes.TokenInvalid, $"the token is {token.Length} characters long; the limit is {_maxLength}");
        }

        TokenValidationResult result;
        try
        {
            result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException or JsonException or FormatException)
        {
            return Refusal(ex);
        }

        if (!result.IsValid)
        {
            return Refusal(result.Exception);
        }

        if (result.SecurityToken is not JsonWebToken jwt)
        {
            return TokenCheck.Refused(SignalingErrorCodes.TokenInvalid, "the token is not a signed JWT");
        }

        if (_lifetime.Check(jwt) is { } lifetimeProblem)
        {
            return lifetimeProblem;
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        if (payload.RootElement.ValueKind != JsonValueKind.Object)
        {
            return TokenCheck.Refused(SignalingErrorCodes.TokenInvalid, "the token's payload is not a JSON object");
        }

        return JitsiClaims.Read(payload.RootElement, room);
    }

    /// <summary>The library's verdict as a code and a message that names the cause, never the token's content.</summary>
    private static TokenCheck Refusal(Exception? failure) => failure switch
    {
        SecurityTokenInvalidAudienceException => TokenCheck.Refused(SignalingErrorCodes.TokenWrongAudience,
            "the token's 'aud' is not this server's audience"),
        SecurityTokenInvalidIssuerException => TokenCheck.Refused(SignalingErrorCodes.TokenWrongIssuer,
            "the token's 'iss' is not this server's issuer"),
        SecurityTokenInvalidAlgorithmException => TokenCheck.Refused(SignalingErrorCodes.TokenBadSignature,
            "the token is signed with an algorithm this server does not accept"),
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSigningKeyException =>
            TokenCheck.Refused(SignalingErrorCodes.TokenBadSignature, "the token's signature does not verify with this server's key"),
        SecurityTokenMalformedException or ArgumentException or JsonException or FormatException => TokenCheck.Refused(SignalingErrorCodes.TokenInvalid,
            "the token is not a well-formed JWT (three base64url parts: header.payload.signature)"),
        _ => TokenCheck.Refused(SignalingErrorCodes.TokenInvalid, $"the token was refused ({failure?.GetType().Name ?? "no reason given"})"),
    };
}
