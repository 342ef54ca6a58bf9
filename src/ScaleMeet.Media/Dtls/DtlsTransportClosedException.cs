namespace ScaleMeet.Media.Dtls;

/// <summary>
/// Thrown by <see cref="DtlsDatagramQueue.Receive"/> once the association is closed, so that BouncyCastle's blocking
/// loops unwind instead of spinning on immediate timeouts. An <see cref="IOException"/> because BouncyCastle treats
/// those as transport failures without wrapping them. Never leaves the Dtls folder.
/// </summary>
internal sealed class DtlsTransportClosedException : IOException
{
    public DtlsTransportClosedException()
        : base("The DTLS transport is closed.")
    {
    }
}
