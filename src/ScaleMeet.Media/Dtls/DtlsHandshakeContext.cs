using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// State shared by <see cref="DtlsEndpoint"/> and its BouncyCastle peer (<see cref="DtlsSrtpServer"/> or
/// <see cref="DtlsSrtpClient"/>) for one handshake: settings, the crypto provider, the peer-certificate check, the
/// exported keys and what went wrong.
/// Threading: written on the worker running the handshake; the endpoint reads the results after the handshake call
/// returned on that worker, and later post-handshake work items (one at a time) read <see cref="PeerClosed"/> and
/// <see cref="FatalAlertReceived"/> (volatile).
/// </summary>
internal sealed class DtlsHandshakeContext
{
    private readonly Func<string?> _expectedFingerprint;
    private readonly int[]? _cipherSuites;
    private string? _remoteFingerprint;
    private volatile bool _peerClosed;
    private volatile int _fatalAlertReceived = -1;

    public DtlsHandshakeContext(
        DtlsCertificate localCertificate,
        IReadOnlyList<SrtpProfile> profiles,
        int handshakeTimeoutMillis,
        int maxHandshakeMessageSize,
        Func<string?> expectedFingerprint,
        int[]? cipherSuites = null)
    {
        _cipherSuites = cipherSuites;
        // One provider per handshake: nothing of it is shared between associations.
        Crypto = new BcTlsCrypto(new SecureRandom());
        LocalCertificate = localCertificate;
        LocalChain = localCertificate.CreateChain(Crypto);
        Profiles = profiles;
        HandshakeTimeoutMillis = handshakeTimeoutMillis;
        MaxHandshakeMessageSize = maxHandshakeMessageSize;
        _expectedFingerprint = expectedFingerprint;
    }

    public BcTlsCrypto Crypto { get; }

    public DtlsCertificate LocalCertificate { get; }

    /// <summary>Our certificate bound to <see cref="Crypto"/>.</summary>
    public Certificate LocalChain { get; }

    public IReadOnlyList<SrtpProfile> Profiles { get; }

    public int HandshakeTimeoutMillis { get; }

    /// <summary>Largest declared handshake message BouncyCastle reassembles (it never goes below 1024).</summary>
    public int MaxHandshakeMessageSize { get; }

    /// <summary>The cipher suites to offer/accept (a fresh array: BouncyCastle may keep it).</summary>
    public int[] CipherSuites() => _cipherSuites is null ? DtlsSrtpNegotiation.CipherSuites() : (int[])_cipherSuites.Clone();

    /// <summary>Set inside NotifyHandshakeComplete once the keys are exported.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>Our own reason for aborting (the first one wins), with its classification.</summary>
    public (DtlsHandshakeFailure Kind, string Message)? Failure { get; private set; }

    /// <summary>The fatal alert the peer sent, if any.</summary>
    public short? FatalAlertReceived => _fatalAlertReceived < 0 ? null : (short)_fatalAlertReceived;

    /// <summary>The peer sent close_notify.</summary>
    public bool PeerClosed => _peerClosed;

    /// <summary>Records why we abort and returns the alert to throw into BouncyCastle.</summary>
    public TlsFatalAlert Fail(DtlsHandshakeFailure kind, short alert, string message)
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

    public void OnAlertReceived(short level, short description)
    {
        if (level == AlertLevel.fatal)
        {
            Interlocked.CompareExchange(ref _fatalAlertReceived, description, -1);
        }
        else if (description == AlertDescription.close_notify)
        {
            _peerClosed = true;
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
