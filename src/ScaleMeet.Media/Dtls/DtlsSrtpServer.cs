using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using ScaleMeet.Media.Srtp;
using BcCertificateRequest = Org.BouncyCastle.Tls.CertificateRequest;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The BouncyCastle server peer for DTLS-SRTP (RFC 5764): DTLS 1.2 only, ECDHE-ECDSA AES-GCM suites, use_srtp with
/// our profile preference, a CertificateRequest for the client's certificate (WebRTC is mutual; ecdsa_sign must be
/// listed or Chrome 124+ aborts), the fingerprint check, the handshake-message cap and key export inside
/// <see cref="NotifyHandshakeComplete"/>. Runs on a handshake pool worker.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsHandshakeContext _session;
    private SrtpProfile? _selected;
    private string? _noProfileReason;

    public DtlsSrtpServer(DtlsHandshakeContext session)
        : base(session.Crypto)
    {
        _session = session;
    }

    /// <summary>A record failing authentication is dropped, never fatal (RFC 6347 §4.1.2.7).</summary>
    public override bool IgnoreCorruptDtlsRecords => true;

    public override int GetHandshakeTimeoutMillis() => _session.HandshakeTimeoutMillis;

    public override int GetMaxHandshakeMessageSize() => _session.MaxHandshakeMessageSize;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, _session.CipherSuites());

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        // No throw here: before our ServerHello is out BouncyCastle sends no alert, and the client would only time out.
        // RFC 5764 §4.1.1: without a common profile the ServerHello omits use_srtp; we abort right after it.
        UseSrtpData? offered = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        _selected = DtlsSrtpNegotiation.Select(_session.Profiles, offered?.ProtectionProfiles);
        if (_selected is null)
        {
            _noProfileReason = offered is null
                ? "The DTLS client did not offer the use_srtp extension."
                : $"No SRTP profile in common: the client offered [{DtlsSrtpNegotiation.Describe(offered.ProtectionProfiles)}], "
                    + $"we accept [{DtlsSrtpNegotiation.Describe(DtlsSrtpNegotiation.ToWire(_session.Profiles))}].";
        }
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        if (_selected is SrtpProfile selected)
        {
            // One profile, empty MKI (RFC 5764 §4.1.1: the server returns exactly one of the client's profiles).
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)selected], []));
        }

        return extensions;
    }

    /// <summary>The first hook after the ServerHello went out: the place to abort with an alert the client will see.</summary>
    public override IList<SupplementalDataEntry>? GetServerSupplementalData()
    {
        if (_noProfileReason is not null)
        {
            throw _session.Fail(DtlsHandshakeFailure.NoCommonSrtpProfile, AlertDescription.handshake_failure, _noProfileReason);
        }

        return base.GetServerSupplementalData();
    }

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), _session.Crypto, _session.LocalCertificate.PrivateKey,
            _session.LocalChain, DtlsSignatureAlgorithms.ForEcdsa(m_context.SecurityParameters.ClientSigAlgs));

    public override BcCertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], DtlsSignatureAlgorithms.Accepted(), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        _session.VerifyRemoteCertificate(clientCertificate);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _session.Complete(m_context, _selected);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        _session.OnAlertReceived(alertLevel, alertDescription);
}
