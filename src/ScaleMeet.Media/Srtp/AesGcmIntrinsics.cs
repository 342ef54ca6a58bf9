using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace ScaleMeet.Media.Srtp;

/// <summary>
/// AES-128-GCM (NIST SP 800-38D §7) on AES-NI and PCLMULQDQ: GCTR with 8 blocks in flight, GHASH with H^1..H^8.
/// Encryption runs CTR then GHASH over the ciphertext; decryption hashes and checks the tag first and decrypts only
/// an authentic packet, so a forged packet is left as it arrived. No allocation per call.
/// </summary>
internal sealed class AesGcmIntrinsics : SrtpAead
{
    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[AesNiCore.RoundKeyCount];
    private readonly Ghash _ghash;

    public static bool IsSupported => AesNiCore.IsSupported && Ghash.IsSupported;

    public AesGcmIntrinsics(ReadOnlySpan<byte> key)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI and PCLMULQDQ are required.");
        }
        AesNiCore.ExpandKey(key, _roundKeys);
        _ghash = new Ghash(AesNiCore.EncryptBlock(Vector128<byte>.Zero, _roundKeys));
    }

    public override bool UsesIntrinsics => true;

    public override void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, Span<byte> tag)
    {
        Vector128<byte> j0 = CounterBase(nonce);
        AesNiCore.CtrXor(_roundKeys, j0, 2, data);
        ComputeTag(j0, aad, data).CopyTo(tag);
    }

    public override bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        if (tag.Length != TagLength)
        {
            return false;
        }
        Vector128<byte> j0 = CounterBase(nonce);
        Span<byte> expected = stackalloc byte[TagLength];
        ComputeTag(j0, aad, data).CopyTo(expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            return false;
        }
        AesNiCore.CtrXor(_roundKeys, j0, 2, data);
        return true;
    }

    public override void Dispose()
    {
        Array.Clear(_roundKeys);
    }

    /// <summary>T = E_K(J0) ^ GHASH_H(A, C), J0 = nonce || 0^31 || 1.</summary>
    private Vector128<byte> ComputeTag(Vector128<byte> j0, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        Vector128<ulong> s = _ghash.Update(Vector128<ulong>.Zero, aad);
        s = _ghash.Update(s, ciphertext);
        s = _ghash.Finish(s, aad.Length, ciphertext.Length);
        Vector128<byte> ek = AesNiCore.EncryptBlock(j0.AsUInt32().WithElement(3, 0x01000000u).AsByte(), _roundKeys);
        return ek ^ Ghash.Unreflect(s);
    }

    /// <summary>nonce || 00 00 00 00; counters are added into the last word.</summary>
    private static Vector128<byte> CounterBase(ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException("GCM nonce must be 12 bytes.", nameof(nonce));
        }
        Span<byte> block = stackalloc byte[16];
        nonce.CopyTo(block);
        block[12] = block[13] = block[14] = block[15] = 0;
        return Vector128.Create((ReadOnlySpan<byte>)block);
    }
}
