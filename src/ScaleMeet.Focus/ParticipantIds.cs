using System.Security.Cryptography;

namespace ScaleMeet.Focus;

/// <summary>
/// Participant ids: 8 random bytes as 11 base64url characters (URL- and SDP-safe, unguessable enough to not be
/// enumerated); resume secrets: 16 random bytes, base64url.
/// </summary>
internal static class ParticipantIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static string New()
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        var value = BitConverter.ToUInt64(random);
        Span<char> chars = stackalloc char[11];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[(int)(value & 63)];
            value >>= 6;
        }

        return new string(chars);
    }

    /// <summary>16 random bytes as base64url (22 characters): a secret only the participant's page is told.</summary>
    public static string NewSecret()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Convert.ToBase64String(random).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
