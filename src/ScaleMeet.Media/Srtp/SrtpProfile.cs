namespace ScaleMeet.Media.Srtp;

/// <summary>
/// SRTP protection profiles negotiated through DTLS use_srtp (RFC 5764 §4.1.2, RFC 7714 §14.2).
/// The numeric values are the IANA profile identifiers carried on the wire.
/// </summary>
public enum SrtpProfile : ushort
{
    /// <summary>AES_CM_128_HMAC_SHA1_80: 16-byte key, 14-byte salt, 10-byte tag (RTP) / 10-byte tag + 4-byte index (RTCP).</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>AEAD_AES_128_GCM: 16-byte key, 12-byte salt, 16-byte tag. Preferred.</summary>
    AeadAes128Gcm = 0x0007,
}
