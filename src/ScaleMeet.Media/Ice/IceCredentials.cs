using System.Security.Cryptography;

namespace ScaleMeet.Media.Ice;

/// <summary>
/// Random ICE credentials (RFC 8445 §5.3, RFC 8839 §5.4): ice-char = ALPHA / DIGIT / "+" / "/".
/// The ufrag needs at least 24 bits of randomness (4 chars), the password at least 128 bits
/// (22 chars); 8 and 24 characters of a 64-symbol set give 48 and 144 bits.
/// </summary>
internal static class IceCredentials
{
    public const int UfragLength = 8;
    public const int PasswordLength = 24;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string NewUfrag() => RandomNumberGenerator.GetString(IceChars, UfragLength);

    public static string NewPassword() => RandomNumberGenerator.GetString(IceChars, PasswordLength);
}
