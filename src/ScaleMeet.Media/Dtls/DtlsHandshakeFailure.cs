namespace ScaleMeet.Media.Dtls;

/// <summary>Why a DTLS handshake did not produce SRTP keys; carried by <see cref="DtlsHandshakeException"/>.</summary>
public enum DtlsHandshakeFailure
{
    /// <summary>The handshake did not finish within the configured handshake timeout (peer silent or path broken).</summary>
    Timeout,

    /// <summary>The peer's certificate did not hash to the <c>a=fingerprint</c> from SDP, or no certificate / no expected fingerprint.</summary>
    FingerprintMismatch,

    /// <summary>The peer aborted the handshake with a fatal alert (for example because it rejected OUR fingerprint).</summary>
    AlertReceived,

    /// <summary>No SRTP protection profile in common, or the peer did not negotiate use_srtp at all.</summary>
    NoCommonSrtpProfile,

    /// <summary><see cref="DtlsEndpoint.Close"/> was called before the handshake finished.</summary>
    Closed,

    /// <summary>The handshake pool had no room: its queue was full, or the handshake waited longer than its queue timeout.</summary>
    Refused,

    /// <summary>Any other protocol error (no common cipher suite, malformed message, bad signature …).</summary>
    ProtocolError,

    /// <summary>
    /// The peer sent nothing for <see cref="DtlsEndpointSettings.HandshakeSilenceTimeout"/> while its handshake ran on a
    /// worker (a ClientHello and then silence): the worker is freed long before the handshake timeout.
    /// </summary>
    Silent,
}
