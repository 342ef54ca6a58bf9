using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Tls;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// BouncyCastle's cipher factory with one fix: AES-GCM instances that reset themselves when a decryption fails
/// (<see cref="DtlsResettingAeadCipher"/>). BouncyCastle 1.8.10 never needed that because it treated the failure as
/// fatal; <see cref="DtlsDiscardingCipher"/> now keeps the association alive, so the cipher must stay usable.
/// </summary>
internal sealed class DtlsCipherFactory : DefaultTlsCipherFactory
{
    protected override IAeadBlockCipher CreateAeadBlockCipher_Aes_Gcm() =>
        new DtlsResettingAeadCipher(base.CreateAeadBlockCipher_Aes_Gcm());
}
