namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The DTLS handshake of a <see cref="DtlsEndpoint"/> failed. <see cref="Failure"/> classifies the cause;
/// the message is meant for an operator log ("DTLS handshake timed out after 30 s", "remote certificate fingerprint … does not match …").
/// </summary>
public sealed class DtlsHandshakeException : Exception
{
    public DtlsHandshakeException(DtlsHandshakeFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>The classified cause.</summary>
    public DtlsHandshakeFailure Failure { get; }
}
