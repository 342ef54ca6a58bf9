namespace ScaleMeet.Media.Dtls;

/// <summary>
/// A handshake waiting in a <see cref="DtlsHandshakePool"/>'s queue: its endpoint, its place in the queue and the
/// timer that refuses it after <see cref="DtlsPoolSettings.QueueTimeout"/>. Guarded by the pool's lock.
/// </summary>
internal sealed class DtlsQueuedHandshake
{
    public DtlsQueuedHandshake(DtlsEndpoint endpoint)
    {
        Endpoint = endpoint;
    }

    public DtlsEndpoint Endpoint { get; }

    /// <summary>Its node in the pool's queue; null once a worker took it, or it was cancelled or refused.</summary>
    public LinkedListNode<DtlsQueuedHandshake>? Node { get; set; }

    public ITimer? Timer { get; set; }
}
