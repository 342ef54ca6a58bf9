namespace ScaleMeet.Focus.Auth;

/// <summary>
/// The token check of <c>ScaleMeet:Auth:Mode</c> = <c>jwt</c> (section <c>ScaleMeet:Auth:Jwt</c>), for tokens in Jitsi's
/// layout (<c>iss</c>, <c>aud</c>, <c>exp</c>, <c>nbf</c>, <c>room</c>, <c>context.user.name</c>, <c>moderator</c>). Exactly one
/// key: <see cref="Secret"/> (HS256) or <see cref="PublicKeyPath"/> (RS256); only that algorithm is accepted.
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "ScaleMeet:Auth:Jwt";

    /// <summary>HMAC secret shared with the token issuer (Jitsi's <c>app_secret</c>): HS256, at least 32 bytes of UTF-8. Default none.</summary>
    public string? Secret { get; set; }

    /// <summary>PEM file with the issuer's RSA public key (<c>BEGIN PUBLIC KEY</c> or <c>BEGIN RSA PUBLIC KEY</c>, 2048 bits or more): RS256. Default none.</summary>
    public string? PublicKeyPath { get; set; }

    /// <summary>The <c>iss</c> every token must carry (Jitsi's <c>app_id</c>). Required in jwt mode.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> every token must carry (Jitsi issuers commonly send <c>jitsi</c>); <c>*</c> accepts any present value. Required in jwt mode.</summary>
    public string? Audience { get; set; }

    /// <summary>How far <c>exp</c> and <c>nbf</c> may be off from this server's clock. Default 30 s; 0 to 5 min.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest token accepted, in characters; longer ones are refused before any parsing. Default 8192; 256 to 65536.</summary>
    public int MaxTokenLength { get; set; } = 8192;

    /// <summary>The name of the first Jwt setting that is set, or null (for the check that they are not set in mode none).</summary>
    internal string? FirstSetting() =>
        Secret is not null ? nameof(Secret)
        : PublicKeyPath is not null ? nameof(PublicKeyPath)
        : Issuer is not null ? nameof(Issuer)
        : Audience is not null ? nameof(Audience)
        : null;

    /// <summary>Returns the first problem found (jwt mode), naming the setting, or null; reads the key file.</summary>
    public string? Validate()
    {
        if (Secret is null == PublicKeyPath is null)
        {
            var both = Secret is not null ? ", not both" : string.Empty;
            return $"{AuthOptions.Section}:Mode '{AuthOptions.ModeJwt}' needs exactly one of {Section}:Secret (HS256) or {Section}:PublicKeyPath (RS256){both}";
        }

        if (string.IsNullOrWhiteSpace(Issuer))
        {
            return $"{Section}:Issuer must be set in jwt mode: the 'iss' your token issuer sends (Jitsi's app_id)";
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            return $"{Section}:Audience must be set in jwt mode: the 'aud' your token issuer sends (often 'jitsi'), or '*' to accept any";
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            return $"{Section}:ClockSkew must be between 0 and 5 min (was {ClockSkew})";
        }

        if (MaxTokenLength is < 256 or > 65_536)
        {
            return $"{Section}:MaxTokenLength must be 256..65536 (was {MaxTokenLength})";
        }

        var key = JwtKey.TryLoad(this, out var problem);
        (key?.Key as Microsoft.IdentityModel.Tokens.RsaSecurityKey)?.Rsa?.Dispose();
        return problem;
    }
}
