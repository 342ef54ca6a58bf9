using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace ScaleMeet.Focus.Auth;

/// <summary>
/// The one key and algorithm tokens must be signed with: HS256 with <see cref="JwtOptions.Secret"/>, or RS256 with the RSA
/// public key in <see cref="JwtOptions.PublicKeyPath"/>. Only that algorithm is accepted, so an RS256 deployment cannot be
/// fooled by an HS256 token keyed with its public key, and <c>none</c> never verifies.
/// </summary>
internal sealed record JwtKey(SecurityKey Key, string Algorithm)
{
    /// <summary>HS256 needs a key at least as long as its hash (RFC 7518 §3.2).</summary>
    public const int MinSecretBytes = 32;

    public const int MinRsaBits = 2048;

    private const int MaxKeyFileBytes = 64 * 1024;

    /// <summary>Loads the configured key, or returns null with <paramref name="problem"/> naming the setting.</summary>
    public static JwtKey? TryLoad(JwtOptions options, out string? problem)
    {
        if (options.Secret is { } secret)
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            if (bytes.Length < MinSecretBytes)
            {
                problem = $"{JwtOptions.Section}:Secret must be at least {MinSecretBytes} bytes (256 bits) of UTF-8 for HS256 (was {bytes.Length})";
                return null;
            }

            problem = null;
            return new JwtKey(new SymmetricSecurityKey(bytes), SecurityAlgorithms.HmacSha256);
        }

        var rsa = LoadRsaPublicKey(options.PublicKeyPath!, out problem);
        return rsa is null ? null : new JwtKey(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256);
    }

    private static RSA? LoadRsaPublicKey(string path, out string? problem)
    {
        var setting = $"{JwtOptions.Section}:PublicKeyPath";
        string text;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                problem = $"{setting}: file '{path}' does not exist";
                return null;
            }

            if (file.Length > MaxKeyFileBytes)
            {
                problem = $"{setting}: '{path}' is {file.Length} bytes, too large for a PEM public key";
                return null;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"{setting}: '{path}' cannot be read: {ex.Message}";
            return null;
        }

        if (!PemEncoding.TryFind(text, out var fields))
        {
            problem = $"{setting}: '{path}' is not a PEM file (expected -----BEGIN PUBLIC KEY-----)";
            return null;
        }

        var label = text[fields.Label];
        if (label.Contains("PRIVATE", StringComparison.Ordinal))
        {
            problem = $"{setting}: '{path}' holds a private key; give the issuer's public key only";
            return null;
        }

        if (label is not ("PUBLIC KEY" or "RSA PUBLIC KEY"))
        {
            problem = $"{setting}: '{path}' holds a PEM '{label}'; expected PUBLIC KEY or RSA PUBLIC KEY";
            return null;
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(text);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            problem = $"{setting}: '{path}' is not an RSA public key ({ex.Message})";
            return null;
        }

        if (rsa.KeySize < MinRsaBits)
        {
            problem = $"{setting}: '{path}' is a {rsa.KeySize}-bit RSA key; RS256 needs at least {MinRsaBits} bits";
            rsa.Dispose();
            return null;
        }

        problem = null;
        return rsa;
    }
}
