using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcCertificateRequest = Org.BouncyCastle.Tls.CertificateRequest;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// Client side of the certificate exchange: pins the server's certificate to the SDP fingerprint and answers the
/// CertificateRequest with our ECDSA certificate (RFC 8827 §6.5: both sides authenticate).
/// </summary>
internal sealed class DtlsClientAuthentication : TlsAuthentication
{
    private readonly DtlsHandshakeContext _session;
    private readonly TlsContext _context;

    public DtlsClientAuthentication(DtlsHandshakeContext session, TlsContext context)
    {
        _session = session;
        _context = context;
    }

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
        _session.VerifyRemoteCertificate(serverCertificate.Certificate);

    public TlsCredentials GetClientCredentials(BcCertificateRequest certificateRequest) =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(_context), _session.Crypto, _session.LocalCertificate.PrivateKey,
            _session.LocalChain, DtlsSignatureAlgorithms.ForEcdsa(certificateRequest.SupportedSignatureAlgorithms));
}
