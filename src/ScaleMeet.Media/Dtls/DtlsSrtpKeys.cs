using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// SRTP master keys exported from a finished DTLS handshake (RFC 5764 §4.2), seen from OUR side:
/// <c>Local*</c> protect what we send, <c>Remote*</c> unprotect what the peer sends.
/// For the DTLS server Local is the server write key/salt; for the client it is the client write key/salt.
/// Keys are 16 bytes; salts are 12 bytes for AEAD_AES_128_GCM and 14 bytes for AES_CM_128_HMAC_SHA1_80.
/// </summary>
public sealed record DtlsSrtpKeys(
    SrtpProfile Profile,
    byte[] LocalMasterKey,
    byte[] LocalMasterSalt,
    byte[] RemoteMasterKey,
    byte[] RemoteMasterSalt);
