using Org.BouncyCastle.Tls;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The BouncyCastle client peer for DTLS-SRTP (RFC 5764): DTLS 1.2 only, ECDHE-ECDSA AES-GCM suites, use_srtp
/// offering our profiles with an empty MKI, the server-certificate fingerprint check
/// (<see cref="DtlsClientAuthentication"/>), the handshake-message cap and key export inside
/// <see cref="NotifyHandshakeComplete"/>. Runs on a handshake pool worker.
/// </summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsHandshakeContext _session;
    private SrtpProfile? _selected;

    public DtlsSrtpClient(DtlsHandshakeContext session)
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

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(DtlsSrtpNegotiation.ToWire(_session.Profiles), []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);

        UseSrtpData? answer = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (answer is null)
        {
            throw _session.Fail(DtlsHandshakeFailure.NoCommonSrtpProfile, AlertDescription.handshake_failure,
                "The DTLS server did not accept the use_srtp extension.");
        }

        // RFC 5764 §4.1.3: exactly one profile, one we offered; an MKI other than ours (empty) aborts.
        SrtpProfile? chosen = answer.ProtectionProfiles.Length == 1
            ? DtlsSrtpNegotiation.Select(_session.Profiles, answer.ProtectionProfiles)
            : null;
        if (chosen is null || answer.Mki.Length != 0)
        {
            throw _session.Fail(DtlsHandshakeFailure.NoCommonSrtpProfile, AlertDescription.illegal_parameter,
                $"The DTLS server answered use_srtp with [{DtlsSrtpNegotiation.Describe(answer.ProtectionProfiles)}] "
                + $"and a {answer.Mki.Length}-byte MKI; we offered [{DtlsSrtpNegotiation.Describe(DtlsSrtpNegotiation.ToWire(_session.Profiles))}] and no MKI.");
        }

        _selected = chosen;
    }

    public override TlsAuthentication GetAuthentication() => new DtlsClientAuthentication(_session, m_context);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _session.Complete(m_context, _selected);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        _session.OnAlertReceived(alertLevel, alertDescription);
}
