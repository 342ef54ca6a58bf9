namespace ScaleMeet.Media.Srtp;

/// <summary>
/// AEAD_AES_128_GCM (RFC 5116 §5.1, NIST SP 800-38D) with a 12-byte nonce and a 16-byte tag, encrypting in place.
/// Two implementations: <see cref="AesGcmIntrinsics"/> (AES-NI + PCLMULQDQ) and <see cref="AesGcmPlatform"/>
/// (System.Security.Cryptography.AesGcm). Single-threaded use per instance.
/// </summary>
internal abstract class SrtpAead : IDisposable
{
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>Creates the intrinsics implementation when the CPU has it and it is allowed, else the platform one.</summary>
    public static SrtpAead Create(ReadOnlySpan<byte> key, bool allowIntrinsics) =>
        allowIntrinsics && AesGcmIntrinsics.IsSupported ? new AesGcmIntrinsics(key) : new AesGcmPlatform(key);

    public abstract bool UsesIntrinsics { get; }

    /// <summary>Encrypts <paramref name="data"/> in place and writes the tag.</summary>
    public abstract void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, Span<byte> tag);

    /// <summary>
    /// Verifies the tag and decrypts <paramref name="data"/> in place. Returns false on a bad tag; the contents of
    /// <paramref name="data"/> are then unspecified.
    /// </summary>
    public abstract bool Open(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag);

    public abstract void Dispose();
}
