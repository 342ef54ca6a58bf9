using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The DTLS-SRTP choices shared by our client and server: cipher suites, use_srtp profile selection (RFC 5764 §4.1.2)
/// and the split of the exported keying material (RFC 5764 §4.2):
/// <code>
/// client_write_SRTP_master_key[16] | server_write_SRTP_master_key[16] | client_write_SRTP_master_salt[12|14] | server_write_SRTP_master_salt[12|14]
/// </code>
/// </summary>
internal static class DtlsSrtpNegotiation
{
    public const int MasterKeyLength = 16;

    /// <summary>
    /// Our preference order. ECDSA only (our certificate is P-256) and AES-GCM only: every WebRTC browser offers
    /// these, and a GCM record has a fixed 24-byte overhead (8-byte explicit nonce + 16-byte tag), so the screen can
    /// drop encrypted records too short to decode before BouncyCastle sees them — it treats those as fatal
    /// (decode_error), unlike a bad tag, which it discards silently. CBC suites would add padding and MAC-size rules
    /// the screen cannot check without the negotiated suite.
    /// </summary>
    private static readonly int[] s_cipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    /// <summary>Bytes a record of a negotiated (AES-GCM) epoch adds to its content: explicit nonce and tag.</summary>
    public const int EncryptedRecordOverhead = 8 + 16;

    /// <summary>Default profile list: prefer AEAD_AES_128_GCM, accept AES_CM_128_HMAC_SHA1_80.</summary>
    public static readonly IReadOnlyList<SrtpProfile> DefaultProfiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80];

    /// <summary>A fresh copy (BouncyCastle may keep the array).</summary>
    public static int[] CipherSuites() => (int[])s_cipherSuites.Clone();

    public static int SaltLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AeadAes128Gcm => 12,
        SrtpProfile.AesCm128HmacSha1_80 => 14,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP profile."),
    };

    public static bool IsSupported(SrtpProfile profile) => profile is SrtpProfile.AeadAes128Gcm or SrtpProfile.AesCm128HmacSha1_80;

    public static int[] ToWire(IReadOnlyList<SrtpProfile> profiles)
    {
        var wire = new int[profiles.Count];
        for (int i = 0; i < wire.Length; i++)
        {
            wire[i] = (int)profiles[i];
        }

        return wire;
    }

    /// <summary>The first of OUR profiles (our preference order) that the client offered, or null.</summary>
    public static SrtpProfile? Select(IReadOnlyList<SrtpProfile> ours, int[]? offered)
    {
        if (offered is null)
        {
            return null;
        }

        foreach (SrtpProfile profile in ours)
        {
            if (Array.IndexOf(offered, (int)profile) >= 0)
            {
                return profile;
            }
        }

        return null;
    }

    public static string Describe(IEnumerable<int> wireProfiles) =>
        string.Join(", ", wireProfiles.Select(p => p is >= 0 and <= ushort.MaxValue && Enum.IsDefined((SrtpProfile)p) ? ((SrtpProfile)p).ToString() : $"0x{p:X4}"));

    /// <summary>Splits RFC 5764 §4.2 keying material into our point of view.</summary>
    public static DtlsSrtpKeys Split(SrtpProfile profile, ReadOnlySpan<byte> material, bool isServer)
    {
        int salt = SaltLength(profile);
        if (material.Length != 2 * (MasterKeyLength + salt))
        {
            throw new ArgumentException("Keying material has the wrong length for the profile.", nameof(material));
        }

        byte[] clientKey = material[..MasterKeyLength].ToArray();
        byte[] serverKey = material.Slice(MasterKeyLength, MasterKeyLength).ToArray();
        byte[] clientSalt = material.Slice(2 * MasterKeyLength, salt).ToArray();
        byte[] serverSalt = material.Slice(2 * MasterKeyLength + salt, salt).ToArray();
        return isServer
            ? new DtlsSrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
            : new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    /// <summary>Exports and splits the keys; must run inside NotifyHandshakeComplete (the master secret is wiped afterwards).</summary>
    public static DtlsSrtpKeys Export(TlsContext context, SrtpProfile profile)
    {
        int length = 2 * (MasterKeyLength + SaltLength(profile));
        byte[] material = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
        try
        {
            return Split(profile, material, context.IsServer);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }
}
