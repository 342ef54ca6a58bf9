using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus.Auth;

/// <summary>
/// The token part of a join: in mode <c>none</c> everyone is anonymous (a token sent anyway is ignored); in mode
/// <c>jwt</c> the token is required and checked by <see cref="TokenValidator"/>. Thread-safe.
/// </summary>
internal sealed class JoinAuthenticator
{
    private readonly TokenValidator? _tokens;

    public JoinAuthenticator(AuthOptions options, TimeProvider time)
    {
        if (options.IsJwt)
        {
            var key = JwtKey.TryLoad(options.Jwt, out var problem)
                ?? throw new InvalidOperationException($"the JWT key cannot be loaded (options not validated?): {problem}");
            _tokens = new TokenValidator(options.Jwt, key, time);
        }
    }

    /// <summary>True in mode <c>jwt</c>: moderators come from tokens only, and moderation is not handed on.</summary>
    public bool RequiresToken => _tokens is not null;

    public async Task<TokenCheck> AuthenticateAsync(string room, string? token)
    {
        if (_tokens is null)
        {
            return TokenCheck.Anonymous;
        }

        if (string.IsNullOrEmpty(token))
        {
            return TokenCheck.Refused(SignalingErrorCodes.TokenRequired, "the join carried no token; this server admits only participants with a valid JWT");
        }

        return await _tokens.ValidateAsync(token, room).ConfigureAwait(false);
    }
}
