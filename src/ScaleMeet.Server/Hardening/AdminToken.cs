using System.Security.Cryptography;
using System.Text;

namespace ScaleMeet.Server.Hardening;

/// <summary>
/// The admin bearer token (<c>ScaleMeet:Http:AdminToken</c>). Only its SHA-256 digest is kept; a presented token is
/// hashed and the two digests are compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, so the time a
/// comparison takes tells nothing about how much of a guess was right, nor about the token's length (both sides are
/// always 32 bytes). Neither the token nor a presented one is ever logged or echoed. Immutable; thread-safe.
/// </summary>
internal sealed class AdminToken
{
    private const string Scheme = "Bearer ";

    private readonly byte[] _digest;

    public AdminToken(string token) => _digest = Digest(token);

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer &lt;the token&gt;</c> (the scheme case-insensitive).</summary>
    public bool Matches(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Matches(_digest, authorization.AsSpan(Scheme.Length).Trim());
    }

    /// <summary>The fixed-time comparison of a presented token with a digest (what <see cref="Matches(string?)"/> runs).</summary>
    internal static bool Matches(ReadOnlySpan<byte> expectedDigest, ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetByteCount(presented);
        var buffer = bytes <= 256 ? stackalloc byte[bytes] : new byte[bytes];
        Encoding.UTF8.GetBytes(presented, buffer);
        SHA256.HashData(buffer, digest);
        return CryptographicOperations.FixedTimeEquals(digest, expectedDigest);
    }

    internal static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
