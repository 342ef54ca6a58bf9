using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ScaleMeet.EndToEnd.Tests.Auth;

/// <summary>HS256 tokens in Jitsi's layout, signed by hand (HMAC-SHA256), for a server started with <see cref="Settings"/>.</summary>
internal static class JitsiTokens
{
    public const string Secret = "end-to-end-secret-of-at-least-32-bytes";
    public const string Issuer = "scalemeet-e2e";
    public const string Audience = "jitsi";

    /// <summary>The server's environment for jwt mode with this secret, issuer and audience.</summary>
    public static Dictionary<string, string> Settings() => new()
    {
        ["ScaleMeet__Auth__Mode"] = "jwt",
        ["ScaleMeet__Auth__Jwt__Secret"] = Secret,
        ["ScaleMeet__Auth__Jwt__Issuer"] = Issuer,
        ["ScaleMeet__Auth__Jwt__Audience"] = Audience,
    };

    /// <summary>Valid for an hour from now (real time: the server runs on the system clock).</summary>
    public static JsonObject Claims(string room, string name)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = "localhost",
            ["nbf"] = (now - TimeSpan.FromMinutes(1)).ToUnixTimeSeconds(),
            ["exp"] = (now + TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
            ["room"] = room,
            ["context"] = new JsonObject { ["user"] = new JsonObject { ["name"] = name, ["id"] = name.ToLowerInvariant() } },
        };
    }

    public static string Sign(JsonObject claims, string secret = Secret)
    {
        var input = $"{Part(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" })}.{Part(claims)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input));
        return $"{input}.{Base64Url(signature)}";
    }

    private static string Part(JsonNode json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
