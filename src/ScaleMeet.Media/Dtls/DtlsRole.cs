namespace ScaleMeet.Media.Dtls;

/// <summary>
/// Which side of the DTLS handshake we play (RFC 5763 §5: <c>a=setup:passive</c> → server, <c>active</c> → client).
/// The bridge answers Chrome's <c>actpass</c>/<c>active</c> as server; the client role is for bridge-to-bridge links and tests.
/// </summary>
public enum DtlsRole
{
    /// <summary>Waits for the ClientHello; requests the client certificate (WebRTC requires mutual authentication).</summary>
    Server,

    /// <summary>Sends the ClientHello and answers the server's CertificateRequest with our certificate.</summary>
    Client,
}
