using System.Security.Cryptography;
using ScaleMeet.Focus.Auth;

namespace ScaleMeet.Focus.Tests.Auth;

/// <summary>ScaleMeet:Auth at start-up: defaults, and every bad value refused with a message naming the setting.</summary>
public sealed class AuthOptionsTests
{
    [Fact]
    public void Validate_Defaults_ModeNoneValid()
    {
        var options = new AuthOptions();

        Assert.Null(options.Validate());
        Assert.Equal("none", options.Mode);
        Assert.False(options.IsJwt);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Jwt.ClockSkew);
        Assert.Equal(8192, options.Jwt.MaxTokenLength);
        Assert.Equal(3, options.RoomPassword.MaxAttemptsPerConnection);
        Assert.Equal(128, options.RoomPassword.MaxLength);
    }

    [Fact]
    public void Validate_Hs256AndRs256Configurations_Valid()
    {
        Assert.Null(new AuthOptions { Mode = "jwt", Jwt = TestTokens.HsOptions() }.Validate());
        Assert.Null(new AuthOptions { Mode = "JWT", Jwt = TestTokens.HsOptions(audience: "*") }.Validate());
        var rs = TestTokens.RsOptions();
        try
        {
            Assert.Null(new AuthOptions { Mode = "jwt", Jwt = rs }.Validate());
        }
        finally
        {
            File.Delete(rs.PublicKeyPath!);
        }
    }

    [Fact]
    public void Validate_RsaPublicKeyInPkcs1Pem_Valid()
    {
        var path = TestTokens.WritePem(TestTokens.Rsa.ExportRSAPublicKeyPem());
        try
        {
            Assert.Null(Jwt(o => { o.Secret = null; o.PublicKeyPath = path; }).Validate());
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, Action<JwtOptions>, string> BadJwtSettings => new()
    {
        { "no key", o => o.Secret = null, "ScaleMeet:Auth:Mode 'jwt' needs exactly one of ScaleMeet:Auth:Jwt:Secret (HS256) or ScaleMeet:Auth:Jwt:PublicKeyPath (RS256)" },
        { "both keys", o => o.PublicKeyPath = "/etc/hosts", "ScaleMeet:Auth:Jwt:PublicKeyPath (RS256), not both" },
        { "short secret", o => o.Secret = "only-31-bytes-long-secret-12345", "ScaleMeet:Auth:Jwt:Secret must be at least 32 bytes (256 bits) of UTF-8 for HS256 (was 31)" },
        { "no issuer", o => o.Issuer = null, "ScaleMeet:Auth:Jwt:Issuer must be set" },
        { "blank issuer", o => o.Issuer = " ", "ScaleMeet:Auth:Jwt:Issuer must be set" },
        { "no audience", o => o.Audience = null, "ScaleMeet:Auth:Jwt:Audience must be set" },
        { "negative skew", o => o.ClockSkew = TimeSpan.FromSeconds(-1), "ScaleMeet:Auth:Jwt:ClockSkew must be between 0 and 5 min" },
        { "huge skew", o => o.ClockSkew = TimeSpan.FromHours(1), "ScaleMeet:Auth:Jwt:ClockSkew" },
        { "tiny token limit", o => o.MaxTokenLength = 100, "ScaleMeet:Auth:Jwt:MaxTokenLength must be 256..65536 (was 100)" },
        { "missing key file", o => { o.Secret = null; o.PublicKeyPath = "/nonexistent/issuer.pem"; }, "ScaleMeet:Auth:Jwt:PublicKeyPath: file '/nonexistent/issuer.pem' does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadJwtSettings))]
    public void Validate_BadJwtSetting_NamesIt(string problem, Action<JwtOptions> change, string expected)
    {
        var message = Jwt(change).Validate();

        Assert.NotNull(message);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Validate_KeyFileNotPem_Refused()
    {
        var path = TestTokens.WritePem("this is not a key\n");
        try
        {
            Assert.Contains("is not a PEM file (expected -----BEGIN PUBLIC KEY-----)", Jwt(o => { o.Secret = null; o.PublicKeyPath = path; }).Validate(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_PrivateKeyFile_RefusedAsPrivate()
    {
        var path = TestTokens.WritePem(TestTokens.Rsa.ExportPkcs8PrivateKeyPem());
        try
        {
            var message = Jwt(o => { o.Secret = null; o.PublicKeyPath = path; }).Validate();

            Assert.Contains("holds a private key; give the issuer's public key only", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_EcPublicKey_NotAnRsaKey()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = TestTokens.WritePem(ec.ExportSubjectPublicKeyInfoPem());
        try
        {
            var message = Jwt(o => { o.Secret = null; o.PublicKeyPath = path; }).Validate();

            Assert.Contains("is not an RSA public key", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_ShortRsaKey_Refused()
    {
        using var small = RSA.Create(1024);
        var path = TestTokens.WritePem(small.ExportSubjectPublicKeyInfoPem());
        try
        {
            var message = Jwt(o => { o.Secret = null; o.PublicKeyPath = path; }).Validate();

            Assert.Contains("is a 1024-bit RSA key; RS256 needs at least 2048 bits", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_CertificatePem_NotAPublicKeyLabel()
    {
        var path = TestTokens.WritePem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        try
        {
            Assert.Contains("holds a PEM 'CERTIFICATE'; expected PUBLIC KEY or RSA PUBLIC KEY", Jwt(o => { o.Secret = null; o.PublicKeyPath = path; }).Validate(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_UnknownMode_NamesIt()
    {
        Assert.Equal("ScaleMeet:Auth:Mode must be 'none' or 'jwt' (was 'password')", new AuthOptions { Mode = "password" }.Validate());
    }

    [Fact]
    public void Validate_JwtSettingsWithModeNone_RefusedSoNobodyBelievesAuthIsOn()
    {
        var options = new AuthOptions { Jwt = TestTokens.HsOptions() };

        Assert.Equal(
            "ScaleMeet:Auth:Jwt:Secret is set but ScaleMeet:Auth:Mode is 'none': set ScaleMeet:Auth:Mode to 'jwt' or remove the Jwt settings",
            options.Validate());
    }

    [Theory]
    [InlineData(0, 128, "ScaleMeet:Auth:RoomPassword:MaxAttemptsPerConnection must be 1..100 (was 0)")]
    [InlineData(101, 128, "ScaleMeet:Auth:RoomPassword:MaxAttemptsPerConnection must be 1..100 (was 101)")]
    [InlineData(3, 0, "ScaleMeet:Auth:RoomPassword:MaxLength must be 1..1024 (was 0)")]
    [InlineData(3, 5000, "ScaleMeet:Auth:RoomPassword:MaxLength must be 1..1024 (was 5000)")]
    public void Validate_BadRoomPasswordSetting_NamesIt(int attempts, int maxLength, string expected)
    {
        var options = new AuthOptions { RoomPassword = { MaxAttemptsPerConnection = attempts, MaxLength = maxLength } };

        Assert.Equal(expected, options.Validate());
    }

    private static AuthOptions Jwt(Action<JwtOptions> change)
    {
        var jwt = TestTokens.HsOptions();
        change(jwt);
        return new AuthOptions { Mode = "jwt", Jwt = jwt };
    }
}
