using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// A self-signed ECDSA P-256 certificate for DTLS-SRTP (RFC 8827 §6.5: self-signed, authenticated through the
/// SDP <c>a=fingerprint</c>, RFC 8122 §5). Created with .NET's <see cref="CertificateRequest"/>; BouncyCastle gets
/// the DER and the PKCS#8 private key. Immutable and thread-safe: one instance may serve every endpoint of a bridge.
/// </summary>
public sealed class DtlsCertificate
{
    /// <summary>Default validity of <see cref="Generate"/>: 30 days (browsers do not check it, but regenerate before expiry).</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(30);

    private const int Sha256Length = 32;

    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, ReadOnlySpan<byte> pkcs8PrivateKey)
    {
        _der = der;
        Fingerprint = ComputeFingerprint(der);
        PrivateKey = PrivateKeyFactory.CreateKey(pkcs8PrivateKey.ToArray());
    }

    /// <summary>The certificate in DER form (a copy).</summary>
    public byte[] Der => (byte[])_der.Clone();

    /// <summary>The SDP <c>a=fingerprint:sha-256</c> value: upper-case hex, colon separated (95 characters).</summary>
    public string Fingerprint { get; }

    /// <summary>The one-certificate chain in BouncyCastle form, bound to <paramref name="crypto"/> (one per handshake).</summary>
    internal BcCertificate CreateChain(TlsCrypto crypto) => new([crypto.CreateCertificate(_der)]);

    /// <summary>The ECDSA P-256 private key in BouncyCastle form.</summary>
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>Creates a fresh ECDSA P-256 self-signed certificate (SHA-256 signature), valid from one day ago.</summary>
    public static DtlsCertificate Generate(string commonName = "ScaleMeet", TimeSpan? validity = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        TimeSpan lifetime = validity ?? DefaultValidity;
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(validity), validity, "Certificate validity must be positive.");
        }

        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        // Back-date by a day so that a peer with a slightly wrong clock still accepts it.
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddDays(-1), now + lifetime);
        byte[] pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new DtlsCertificate(certificate.RawData, pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>SHA-256 of <paramref name="der"/> as upper-case hex pairs separated by colons (RFC 8122 §5).</summary>
    public static string ComputeFingerprint(ReadOnlySpan<byte> der)
    {
        Span<byte> hash = stackalloc byte[Sha256Length];
        SHA256.HashData(der, hash);
        return string.Create(Sha256Length * 3 - 1, hash.ToArray(), static (chars, digest) =>
        {
            for (int i = 0; i < digest.Length; i++)
            {
                int at = i * 3;
                chars[at] = HexDigit(digest[i] >> 4);
                chars[at + 1] = HexDigit(digest[i] & 0xF);
                if (at + 2 < chars.Length)
                {
                    chars[at + 2] = ':';
                }
            }
        });
    }

    /// <summary>
    /// True when <paramref name="expected"/> (an SDP value, optionally prefixed by "sha-256 ") names the same
    /// SHA-256 fingerprint as <paramref name="actual"/>; hex case does not matter.
    /// </summary>
    internal static bool FingerprintMatches(string expected, string actual)
    {
        ReadOnlySpan<char> value = expected.AsSpan().Trim();
        const string Prefix = "sha-256";
        if (value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            && value.Length > Prefix.Length && char.IsWhiteSpace(value[Prefix.Length]))
        {
            value = value[Prefix.Length..].TrimStart();
        }

        return value.Equals(actual, StringComparison.OrdinalIgnoreCase);
    }

    private static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
