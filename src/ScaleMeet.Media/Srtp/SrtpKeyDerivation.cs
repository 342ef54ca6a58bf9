using System.Security.Cryptography;

namespace ScaleMeet.Media.Srtp;

/// <summary>
/// SRTP key derivation (RFC 3711 §4.3.1 and §4.3.3), key derivation rate 0, AES-CM as the PRF:
/// <code>
///   key_id = label || r        (r = index DIV kdr = 0: 48 zero bits)
///   x      = key_id XOR master_salt   (key_id right-aligned in the 112-bit salt)
///   k      = AES-CM(master_key, IV = x * 2^16) truncated to the wanted length
/// </code>
/// Labels: 0x00 SRTP encryption, 0x01 SRTP auth, 0x02 SRTP salt, 0x03/0x04/0x05 the same for SRTCP.
/// AEAD_AES_128_GCM's 96-bit master salt is used as the top 96 bits of the 112-bit salt, the last 16 bits zero
/// (RFC 7714 §11, as libsrtp and browsers do).
/// </summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryption = 0x00;
    public const byte RtpAuthentication = 0x01;
    public const byte RtpSalt = 0x02;
    public const byte RtcpEncryption = 0x03;
    public const byte RtcpAuthentication = 0x04;
    public const byte RtcpSalt = 0x05;

    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output,
        bool allowIntrinsics = true)
    {
        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("The master salt is at most 14 bytes.", nameof(masterSalt));
        }
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;

        using var prf = new AesCounterMode(masterKey, allowIntrinsics);
        output.Clear();
        prf.Xor(iv, output);
        CryptographicOperations.ZeroMemory(iv);
    }
}
