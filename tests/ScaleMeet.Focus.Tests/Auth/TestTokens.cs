using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ScaleMeet.Focus.Auth;

namespace ScaleMeet.Focus.Tests.Auth;

/// <summary>
/// JWTs built by hand (base64url JSON, HMAC-SHA256 or RSA PKCS#1 v1.5 signatures from the BCL), so the validator under
/// test is checked against an independent encoder, and tokens no library would make (alg none, HS/RS confusion) can be made.
/// </summary>
internal static class TestTokens
{
    public const string Secret = "a-test-secret-that-is-32-bytes-long!";
    public const string Issuer = "scalemeet-tests";
    public const string Audience = "jitsi";

    /// <summary>The tests' "now": every token's times are relative to it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<RSA> LazyRsa = new(() => RSA.Create(2048));

    public static RSA Rsa => LazyRsa.Value;

    public static JwtOptions HsOptions(string audience = Audience) => new() { Secret = Secret, Issuer = Issuer, Audience = audience };

    /// <summary>RS256 options with <see cref="Rsa"/>'s public key written to a temporary PEM file.</summary>
    public static JwtOptions RsOptions() => new() { PublicKeyPath = WritePem(Rsa.ExportSubjectPublicKeyInfoPem()), Issuer = Issuer, Audience = Audience };

    public static string WritePem(string pem)
    {
        var path = Path.Combine(Path.GetTempPath(), $"scalemeet-jwt-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, pem);
        return path;
    }

    /// <summary>Jitsi's layout: iss, aud, exp (+1 h), nbf (−1 min), room, context.user.name.</summary>
    public static JsonObject Claims(string room = "standup", string? name = "Ada")
    {
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = "meet.example.org",
            ["exp"] = (Now + TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
            ["nbf"] = (Now - TimeSpan.FromMinutes(1)).ToUnixTimeSeconds(),
            ["room"] = room,
        };
        if (name is not null)
        {
            claims["context"] = new JsonObject { ["user"] = new JsonObject { ["name"] = name, ["id"] = "u1" } };
        }

        return claims;
    }

    public static string Hs256(JsonObject claims, string secret = Secret, string alg = "HS256", string? kid = null) =>
        Signed(Header(alg, kid), claims, input => alg switch
        {
            "HS384" => HMACSHA384.HashData(Encoding.UTF8.GetBytes(secret), input),
            _ => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), input),
        });

    /// <summary>An HS256 token keyed with raw bytes (the HS/RS confusion: an RS256 server's public key used as the HMAC secret).</summary>
    public static string Hs256WithKey(JsonObject claims, byte[] key) =>
        Signed(Header("HS256", null), claims, input => HMACSHA256.HashData(key, input));

    public static string Rs256(JsonObject claims, RSA? key = null, string? kid = null) =>
        Signed(Header("RS256", kid), claims, input => (key ?? Rsa).SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>RS256 with extra header parameters (e.g. an embedded <c>jwk</c> or a <c>jku</c> naming a key elsewhere).</summary>
    public static string Rs256WithHeader(JsonObject claims, RSA key, JsonObject extra)
    {
        var header = Header("RS256", null);
        foreach (var (name, value) in extra)
        {
            header[name] = value?.DeepClone();
        }

        return Signed(header, claims, input => key.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary><c>alg: none</c> with an empty signature (RFC 7519 §6.1's unsecured JWT).</summary>
    public static string Unsigned(JsonObject claims) => $"{Part(Header("none", null))}.{Part(claims)}.";

    public static string Part(JsonNode json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static JsonObject Header(string alg, string? kid)
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        return header;
    }

    private static string Signed(JsonObject header, JsonObject claims, Func<byte[], byte[]> sign)
    {
        var input = $"{Part(header)}.{Part(claims)}";
        return $"{input}.{Base64Url(sign(Encoding.ASCII.GetBytes(input)))}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
