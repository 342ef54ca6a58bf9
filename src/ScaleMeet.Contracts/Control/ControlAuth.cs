using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ScaleMeet.Contracts.Control;

/// <summary>
/// How a bridge proves it knows the shared control secret without sending it: <paramref name="Mac"/> is
/// base64url(HMAC-SHA256(secret, "scalemeet-control/2\n" + bridgeId + "\n" + timestamp + "\n" + nonce)), with
/// <paramref name="Timestamp"/> in Unix milliseconds and <paramref name="Nonce"/> 16 random bytes in base64url.
/// The focus checks the MAC, that the timestamp is within its allowed skew, and that the nonce is new within that
/// window — so a recorded hello cannot be played again, and an old one not at all.
/// </summary>
public sealed record ControlAuth(long Timestamp, string Nonce, string Mac)
{
    /// <summary>Signs a hello of <paramref name="bridgeId"/> now.</summary>
    public static ControlAuth Create(string secret, string bridgeId, TimeProvider time)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
        var nonce = Base64Url(RandomNumberGenerator.GetBytes(16));
        return new ControlAuth(timestamp, nonce, ComputeMac(secret, bridgeId, timestamp, nonce));
    }

    /// <summary>The MAC a holder of <paramref name="secret"/> computes for these fields.</summary>
    public static string ComputeMac(string secret, string bridgeId, long timestamp, string nonce)
    {
        var input = string.Create(CultureInfo.InvariantCulture, $"scalemeet-control/{ControlProtocol.Version}\n{bridgeId}\n{timestamp}\n{nonce}");
        return Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(input)));
    }

    /// <summary>True when <see cref="Mac"/> is what <paramref name="secret"/> gives for <paramref name="bridgeId"/> (constant time).</summary>
    public bool MacMatches(string secret, string bridgeId)
    {
        var expected = Encoding.ASCII.GetBytes(ComputeMac(secret, bridgeId, Timestamp, Nonce));
        var actual = Encoding.ASCII.GetBytes(Mac);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
