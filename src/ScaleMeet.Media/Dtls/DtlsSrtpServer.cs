using System.Collections;
using Org.BouncyCastle.Crypto.Tls;
using ScaleMeet.Media.Srtp;
using BcCertificateRequest = Org.BouncyCastle.Crypto.Tls.CertificateRequest;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The BouncyCastle server peer for DTLS-SRTP (RFC 5764): DTLS 1.2 only, ECDHE-ECDSA suites, use_srtp with our profile
/// preference, a CertificateRequest for the client's certificate (WebRTC is mutual; ecdsa_sign must be listed or
/// Chrome 124+ aborts), the fingerprint check, and key export inside <see cref="NotifyHandshakeComplete"/>.
/// Runs on the endpoint's DTLS thread.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsHandshakeContext _session;
    private SrtpProfile? _selected;
    private string? _noProfileReason;

    public DtlsSrtpServer(DtlsHandshakeContext session)
        : base(new DtlsCipherFactory())
    {
        _session = session;
    }

    protected override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv12;

    protected override ProtocolVersion MaximumVersion => ProtocolVersion.DTLSv12;

    public override int GetHandshakeTimeoutMillis() => _session.HandshakeTimeoutMillis;

    protected override int[] GetCipherSuites() => _session.CipherSuites();

    public override void ProcessClientExtensions(IDictionary clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        // No throw here: before our ServerHello is out BouncyCastle sends no alert, and the client would only time out.
        // RFC 5764 §4.1.1: without a common profile the ServerHello omits use_srtp; we abort right after it.
        UseSrtpData? offered = clientExtensions is null ? null : TlsSRTPUtils.GetUseSrtpExtension(clientExtensions);
        _selected = DtlsSrtpNegotiation.Select(_session.Profiles, offered?.ProtectionProfiles);
        if (_selected is null)
        {
            _noProfileReason = offered is null
                ? "The DTLS client did not offer the use_srtp extension."
                : $"No SRTP profile in common: the client offered [{DtlsSrtpNegotiation.Describe(offered.ProtectionProfiles)}], "
                    + $"we accept [{DtlsSrtpNegotiation.Describe(DtlsSrtpNegotiation.ToWire(_session.Profiles))}].";
        }
    }

    public override IDictionary GetServerExtensions()
    {
        base.GetServerExtensions();
        IDictionary extensions = CheckServerExtensions();
        if (_selected is SrtpProfile selected)
        {
            // One profile, empty MKI (RFC 5764 §4.1.1: the server returns exactly one of the client's profiles).
            TlsSRTPUtils.AddUseSrtpExtension(extensions, new UseSrtpData([(int)selected], []));
        }

        return extensions;
    }

    /// <summary>The first hook after the ServerHello went out: the place to abort with an alert the client will see.</summary>
    public override IList? GetServerSupplementalData()
    {
        if (_noProfileReason is not null)
        {
            throw _session.Fail(DtlsHandshakeFailure.NoCommonSrtpProfile, AlertDescription.handshake_failure, _noProfileReason);
        }

        return base.GetServerSupplementalData();
    }

    protected override TlsSignerCredentials GetECDsaSignerCredentials() =>
        new DefaultTlsSignerCredentials(mContext, _session.LocalCertificate.Chain, _session.LocalCertificate.PrivateKey,
            DtlsSignatureAlgorithms.ForEcdsa(mSupportedSignatureAlgorithms));

    public override BcCertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], DtlsSignatureAlgorithms.Accepted(), null);

    /// <summary>Unauthenticated records are dropped, not fatal (<see cref="DtlsDiscardingCipher"/>).</summary>
    public override TlsCipher GetCipher() => _session.TrackCipher(new DtlsDiscardingCipher(base.GetCipher()));

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        _session.VerifyRemoteCertificate(clientCertificate);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _session.Complete(mContext, _selected);
    }

    public override void NotifyAlertReceived(byte alertLevel, byte alertDescription) =>
        _session.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyAlertRaised(byte alertLevel, byte alertDescription, string message, Exception cause) =>
        _session.OnAlertRaised(alertLevel);
}
