using Org.BouncyCastle.Tls;

namespace ScaleMeet.Media.Dtls;

/// <summary>TLS 1.2 signature_algorithms handling (RFC 5246 §7.4.1.4.1) for our ECDSA P-256 key.</summary>
internal static class DtlsSignatureAlgorithms
{
    private static readonly short[] s_ecdsaHashPreference = [HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512, HashAlgorithm.sha1];

    /// <summary>
    /// The hash to sign with: the first of SHA-256/384/512/1 the peer listed with ECDSA; SHA-1 when the peer sent no
    /// list (RFC 5246 §7.4.1.4.1 default); SHA-256 when it listed none of them (the peer pinned our fingerprint anyway).
    /// </summary>
    public static SignatureAndHashAlgorithm ForEcdsa(IList<SignatureAndHashAlgorithm>? peerSupported)
    {
        if (peerSupported is null)
        {
            return new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa);
        }

        foreach (short hash in s_ecdsaHashPreference)
        {
            foreach (SignatureAndHashAlgorithm candidate in peerSupported)
            {
                if (candidate.Signature == SignatureAlgorithm.ecdsa && candidate.Hash == hash)
                {
                    return candidate;
                }
            }
        }

        return new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
    }

    /// <summary>What we accept in a peer's CertificateVerify: ECDSA and RSA with SHA-256/384/512/1.</summary>
    public static IList<SignatureAndHashAlgorithm> Accepted()
    {
        var list = new List<SignatureAndHashAlgorithm>();
        foreach (short signature in new[] { SignatureAlgorithm.ecdsa, SignatureAlgorithm.rsa })
        {
            foreach (short hash in s_ecdsaHashPreference)
            {
                list.Add(new SignatureAndHashAlgorithm(hash, signature));
            }
        }

        return list;
    }
}
