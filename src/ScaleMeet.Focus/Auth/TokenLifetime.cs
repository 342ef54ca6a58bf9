using Microsoft.IdentityModel.JsonWebTokens;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus.Auth;

/// <summary>
/// A verified token's <c>exp</c> (required: tokens cannot be revoked, so each must end) and <c>nbf</c> (optional) against
/// <see cref="TimeProvider"/>, each with the allowed clock skew. The dates are the library's parse of the NumericDate claims.
/// </summary>
internal sealed class TokenLifetime
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _skew;

    public TokenLifetime(TimeProvider time, TimeSpan skew)
    {
        _time = time;
        _skew = skew;
    }

    /// <summary>Null when the token is valid now, else the refusal.</summary>
    public TokenCheck? Check(JsonWebToken token)
    {
        if (!token.TryGetPayloadValue<object>(JwtRegisteredClaimNames.Exp, out _))
        {
            return TokenCheck.Refused(SignalingErrorCodes.TokenInvalid, "the token has no 'exp' claim; this server accepts only tokens that expire");
        }

        var hasNotBefore = token.TryGetPayloadValue<object>(JwtRegisteredClaimNames.Nbf, out _);
        var expires = new DateTimeOffset(token.ValidTo, TimeSpan.Zero);
        var notBefore = new DateTimeOffset(token.ValidFrom, TimeSpan.Zero);
        if (hasNotBefore && notBefore > expires)
        {
            return TokenCheck.Refused(SignalingErrorCodes.TokenInvalid, "the token's 'nbf' is after its 'exp'");
        }

        var now = _time.GetUtcNow();
        if (now > expires + _skew)
        {
            return TokenCheck.Refused(SignalingErrorCodes.TokenExpired, $"the token expired at {expires:yyyy-MM-dd HH:mm:ss} UTC");
        }

        if (hasNotBefore && now < notBefore - _skew)
        {
            return TokenCheck.Refused(SignalingErrorCodes.TokenNotYetValid, $"the token is not valid before {notBefore:yyyy-MM-dd HH:mm:ss} UTC");
        }

        return null;
    }
}
