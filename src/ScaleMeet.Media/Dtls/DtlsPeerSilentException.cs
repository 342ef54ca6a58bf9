namespace ScaleMeet.Media.Dtls;

/// <summary>
/// Thrown by <see cref="DtlsDatagramQueue.Receive(Span{byte}, int)"/> when the peer sent nothing for the handshake's
/// silence timeout, so that BouncyCastle unwinds and frees the worker at once; the endpoint reports
/// <see cref="DtlsHandshakeFailure.Silent"/>. An <see cref="IOException"/> because BouncyCastle treats those as
/// transport failures without wrapping them. Never leaves the Dtls folder.
/// </summary>
internal sealed class DtlsPeerSilentException : IOException
{
    public DtlsPeerSilentException()
        : base("The DTLS peer went silent during the handshake.")
    {
    }
}
