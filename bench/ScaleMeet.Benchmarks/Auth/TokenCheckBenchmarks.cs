using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using ScaleMeet.Focus.Auth;

namespace ScaleMeet.Benchmarks.Auth;

/// <summary>
/// What one join's token check costs the focus (ScaleMeet:Auth:Mode=jwt): a valid token in Jitsi's layout, and one
/// whose signature does not verify (what a hostile client can send at the edge's message rate), for HS256 and RS256
/// (2048-bit key). The tokens are built once; each call verifies one.
/// </summary>
[MemoryDiagnoser]
public class TokenCheckBenchmarks
{
    private const string Secret = "a-benchmark-secret-of-32-bytes-or-more";

    public enum Algorithm
    {
        Hs256,
        Rs256,
    }

    [Params(Algorithm.Hs256, Algorithm.Rs256)]
    public Algorithm Variant { get; set; }

    private JoinAuthenticator _authenticator = null!;
    private string _valid = null!;
    private string _forged = null!;
    private string? _keyFile;

    [GlobalSetup]
    public void Setup()
    {
        var jwt = new JwtOptions { Issuer = "bench", Audience = "jitsi" };
        var claims = new JsonObject
        {
            ["iss"] = "bench",
            ["aud"] = "jitsi",
            ["exp"] = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(),
            ["nbf"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(),
            ["room"] = "standup",
            ["context"] = new JsonObject { ["user"] = new JsonObject { ["name"] = "Ada Lovelace", ["moderator"] = "true" } },
        };
        if (Variant == Algorithm.Hs256)
        {
            jwt.Secret = Secret;
            _valid = Sign("HS256", claims, input => HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), input));
            _forged = Sign("HS256", claims, input => HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret + "x"), input));
        }
        else
        {
            using var rsa = RSA.Create(2048);
            _keyFile = Path.GetTempFileName();
            File.WriteAllText(_keyFile, rsa.ExportSubjectPublicKeyInfoPem());
            jwt.PublicKeyPath = _keyFile;
            _valid = Sign("RS256", claims, input => rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            using var other = RSA.Create(2048);
            _forged = Sign("RS256", claims, input => other.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }

        _authenticator = new JoinAuthenticator(new AuthOptions { Mode = AuthOptions.ModeJwt, Jwt = jwt }, TimeProvider.System);
        if (!_authenticator.AuthenticateAsync("standup", _valid).GetAwaiter().GetResult().IsAccepted
            || _authenticator.AuthenticateAsync("standup", _forged).GetAwaiter().GetResult().IsAccepted)
        {
            throw new InvalidOperationException("the benchmark's tokens are not what they claim to be");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_keyFile is not null)
        {
            File.Delete(_keyFile);
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> ValidToken() => (await _authenticator.AuthenticateAsync("standup", _valid)).IsAccepted;

    [Benchmark]
    public async Task<bool> BadSignature() => (await _authenticator.AuthenticateAsync("standup", _forged)).IsAccepted;

    private static string Sign(string alg, JsonObject claims, Func<byte[], byte[]> sign)
    {
        var input = $"{Part(new JsonObject { ["alg"] = alg, ["typ"] = "JWT" })}.{Part(claims)}";
        return $"{input}.{Base64Url(sign(Encoding.ASCII.GetBytes(input)))}";
    }

    private static string Part(JsonNode json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
