using Org.BouncyCastle.Crypto.Tls;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// State shared by <see cref="DtlsEndpoint"/> and its BouncyCastle peer (<see cref="DtlsSrtpServer"/> or
/// <see cref="DtlsSrtpClient"/>): settings, the peer-certificate check, the exported keys and what went wrong.
/// Threading: used on the DTLS thread only; the endpoint reads the results after that thread has published them.
/// </summary>
internal sealed class DtlsHandshakeContext
{
    private readonly Func<string?> _expectedFingerprint;
    private string? _remoteFingerprint;
    private DtlsDiscardingCipher? _cipher;
    private readonly int[]? _cipherSuites;

    public DtlsHandshakeContext(
        DtlsCertificate localCertificate,
        IReadOnlyList<SrtpProfile> profiles,
        int handshakeTimeoutMillis,
        Func<string?> expectedFingerprint,
        DtlsDatagramQueue transport,
        int[]? cipherSuites = null)
    {
        _cipherSuites = cipherSuites;
        LocalCertificate = localCertificate;
        Profiles = profiles;
        HandshakeTimeoutMillis = handshakeTimeoutMillis;
        _expectedFingerprint = expectedFingerprint;
        Transport = transport;
    }

    public DtlsCertificate LocalCertificate { get; }

    public IReadOnlyList<SrtpProfile> Profiles { get; }

    public int HandshakeTimeoutMillis { get; }

    public DtlsDatagramQueue Transport { get; }

    /// <summary>The cipher suites to offer/accept (a fresh array: BouncyCastle may keep it).</summary>
    public int[] CipherSuites() => _cipherSuites is null ? DtlsSrtpNegotiation.CipherSuites() : (int[])_cipherSuites.Clone();

    /// <summary>Set inside NotifyHandshakeComplete once the keys are exported.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>Our own reason for aborting (the first one wins), with its classification.</summary>
    public (DtlsHandshakeFailure Kind, string Message)? Failure { get; private set; }

    /// <summary>The fatal alert the peer sent, if any.</summary>
    public byte? FatalAlertReceived { get; private set; }

    /// <summary>The peer sent close_notify.</summary>
    public bool PeerClosed { get; private set; }

    /// <summary>Records of the negotiated epoch dropped because they failed authentication.</summary>
    public long DiscardedRecords => _cipher?.Discarded ?? 0;

    /// <summary>Remembers the record cipher to report <see cref="DiscardedRecords"/>.</summary>
    public TlsCipher TrackCipher(DtlsDiscardingCipher cipher)
    {
        _cipher = cipher;
        return cipher;
    }

    /// <summary>Records why we abort and returns the alert to throw into BouncyCastle.</summary>
    public TlsFatalAlert Fail(DtlsHandshakeFailure kind, byte alert, string message)
    {
        Failure ??= (kind, message);
        return new TlsFatalAlert(alert);
    }

    /// <summary>
    /// Checks the peer's certificate against the SDP fingerprint (RFC 8122 §5, RFC 8827 §6.5). When the expected
    /// value is not known yet the check is repeated in <see cref="Complete"/>.
    /// </summary>
    public void VerifyRemoteCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            throw Fail(DtlsHandshakeFailure.FingerprintMismatch, AlertDescription.bad_certificate,
                "The peer sent no certificate; DTLS-SRTP requires one matching the SDP fingerprint.");
        }

        _remoteFingerprint = DtlsCertificate.ComputeFingerprint(chain.GetCertificateAt(0).GetEncoded());
        string? expected = _expectedFingerprint();
        if (expected is not null)
        {
            CheckFingerprint(expected, _remoteFingerprint);
        }
    }

    /// <summary>Called from NotifyHandshakeComplete: final fingerprint check, then key export.</summary>
    public void Complete(TlsContext context, SrtpProfile? profile)
    {
        if (_remoteFingerprint is null)
        {
            throw Fail(DtlsHandshakeFailure.FingerprintMismatch, AlertDescription.bad_certificate,
                "The handshake finished without a peer certificate.");
        }

        string expected = _expectedFingerprint()
            ?? throw Fail(DtlsHandshakeFailure.FingerprintMismatch, AlertDescription.bad_certificate,
                "ExpectedRemoteFingerprint was not set before the DTLS handshake finished; the peer cannot be authenticated.");
        CheckFingerprint(expected, _remoteFingerprint);

        if (profile is not SrtpProfile selected)
        {
            throw Fail(DtlsHandshakeFailure.NoCommonSrtpProfile, AlertDescription.handshake_failure,
                "The peer did not negotiate the use_srtp extension.");
        }

        Keys = DtlsSrtpNegotiation.Export(context, selected);
    }

    public void OnAlertReceived(byte level, byte description)
    {
        if (level == AlertLevel.fatal)
        {
            FatalAlertReceived ??= description;
        }
        else if (description == AlertDescription.close_notify)
        {
            PeerClosed = true;
        }
    }

    public void OnAlertRaised(byte level)
    {
        // After the keys are out, a fatal alert of ours can only come from a record we could not authenticate
        // (RFC 6347 §4.1.2.7 prefers silently discarding those): don't tear down the peer's association for it.
        if (level == AlertLevel.fatal && Keys is not null)
        {
            Transport.SuppressSends = true;
        }
    }

    private void CheckFingerprint(string expected, string actual)
    {
        if (!DtlsCertificate.FingerprintMatches(expected, actual))
        {
            throw Fail(DtlsHandshakeFailure.FingerprintMismatch, AlertDescription.bad_certificate,
                $"The remote certificate fingerprint sha-256 {actual} does not match the expected {expected.Trim()} from SDP.");
        }
    }
}
