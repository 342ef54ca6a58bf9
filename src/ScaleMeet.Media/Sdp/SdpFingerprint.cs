using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// The DTLS certificate fingerprint (RFC 8122 §5):
///
///   a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;
///   hash-func   = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
///   fingerprint = 2UHEX *(":" 2UHEX)
///
/// e.g. a=fingerprint:sha-256 D2:FA:0E:…:E6:0F. Lower-case hex is accepted when reading; for the
/// hash functions named above the number of bytes must match the digest size (32 for sha-256).
/// </summary>
public sealed record SdpFingerprint(string Algorithm, string Value)
{
    /// <summary>The SHA-256 fingerprint of a DER certificate, upper-case hex pairs joined by ':'.</summary>
    public static SdpFingerprint Sha256(ReadOnlySpan<byte> certificateDer) =>
        new("sha-256", FormatHex(SHA256.HashData(certificateDer)));

    /// <summary>Parses the value after "a=fingerprint:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpFingerprint? fingerprint)
    {
        fingerprint = null;
        if (value is null) return false;
        int sp = value.IndexOf(' ', StringComparison.Ordinal);
        if (sp <= 0 || !SdpGrammar.IsToken(value.AsSpan(0, sp)) || !IsHexPairs(value.AsSpan(sp + 1)))
            return false;
        int bytes = (value.Length - sp) / 3;
        if (DigestLength(value[..sp]) is int expected && bytes != expected) return false;
        fingerprint = new SdpFingerprint(value[..sp], value[(sp + 1)..]);
        return true;
    }

    public string ToValue() => Algorithm + " " + Value;

    /// <summary>
    /// True when <paramref name="certificateDer"/> hashes to this fingerprint (case-insensitive hex).
    /// False for an algorithm other than sha-1/sha-256/sha-384/sha-512.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        byte[]? digest = Algorithm.ToLowerInvariant() switch
        {
            "sha-1" => SHA1.HashData(certificateDer),
            "sha-256" => SHA256.HashData(certificateDer),
            "sha-384" => SHA384.HashData(certificateDer),
            "sha-512" => SHA512.HashData(certificateDer),
            _ => null,
        };
        return digest is not null && string.Equals(FormatHex(digest), Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The digest size of the hash functions RFC 8122 names, or null for another token.</summary>
    private static int? DigestLength(string algorithm) => algorithm.ToLowerInvariant() switch
    {
        "md2" or "md5" => 16,
        "sha-1" => 20,
        "sha-224" => 28,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => null,
    };

    private static string FormatHex(ReadOnlySpan<byte> digest) =>
        string.Join(':', Convert.ToHexString(digest).Chunk(2).Select(pair => new string(pair)));

    private static bool IsHexPairs(ReadOnlySpan<char> s)
    {
        // 2HEX *(":" 2HEX): length 3n-1, hex at positions 0,1 mod 3, ':' at 2 mod 3.
        if (s.Length < 2 || (s.Length + 1) % 3 != 0) return false;
        for (int i = 0; i < s.Length; i++)
        {
            bool ok = i % 3 == 2 ? s[i] == ':' : char.IsAsciiHexDigit(s[i]);
            if (!ok) return false;
        }
        return true;
    }
}
