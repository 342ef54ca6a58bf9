using System.Collections;
using Org.BouncyCastle.Crypto.Tls;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The BouncyCastle client peer for DTLS-SRTP (RFC 5764): DTLS 1.2 only, ECDHE-ECDSA suites, use_srtp offering our
/// profiles with an empty MKI, the server-certificate fingerprint check (<see cref="DtlsClientAuthentication"/>)
/// and key export inside <see cref="NotifyHandshakeComplete"/>. Runs on the endpoint's DTLS thread.
/// </summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsHandshakeContext _session;
    private SrtpProfile? _selected;

    public DtlsSrtpClient(DtlsHandshakeContext session)
        : base(new DtlsCipherFactory())
    {
        _session = session;
    }

    public override ProtocolVersion ClientVersion => ProtocolVersion.DTLSv12;

    public override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv12;

    public override int GetHandshakeTimeoutMillis() => _session.HandshakeTimeoutMillis;

    public override int[] GetCipherSuites() => _session.CipherSuites();

    public override IDictionary GetClientExtensions()
    {
        IDictionary extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSRTPUtils.AddUseSrtpExtension(extensions, new UseSrtpData(DtlsSrtpNegotiation.ToWire(_session.Profiles), []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);

        UseSrtpData? answer = serverExtensions is null ? null : TlsSRTPUtils.GetUseSrtpExtension(serverExtensions);
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

    /// <summary>Unauthenticated records are dropped, not fatal (<see cref="DtlsDiscardingCipher"/>).</summary>
    public override TlsCipher GetCipher() => _session.TrackCipher(new DtlsDiscardingCipher(base.GetCipher()));

    public override TlsAuthentication GetAuthentication() => new DtlsClientAuthentication(_session, mContext);

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
