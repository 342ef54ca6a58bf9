using Org.BouncyCastle.Crypto.Tls;
using BcCertificateRequest = Org.BouncyCastle.Crypto.Tls.CertificateRequest;

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

    public void NotifyServerCertificate(Certificate serverCertificate) => _session.VerifyRemoteCertificate(serverCertificate);

    public TlsCredentials GetClientCredentials(BcCertificateRequest certificateRequest) =>
        new DefaultTlsSignerCredentials(_context, _session.LocalCertificate.Chain, _session.LocalCertificate.PrivateKey,
            DtlsSignatureAlgorithms.ForEcdsa(certificateRequest.SupportedSignatureAlgorithms));
}
