namespace ScaleMeet.Media.Dtls;

/// <summary>
/// A handshake waiting in a <see cref="DtlsHandshakePool"/>'s queue: its endpoint, its place in the queue and the
/// timer that refuses it after <see cref="DtlsPoolSettings.QueueTimeout"/>, and the address it shares workers with.
/// Guarded by the pool's lock.
/// </summary>
internal sealed class DtlsQueuedHandshake
{
    public DtlsQueuedHandshake(DtlsEndpoint endpoint, DtlsAddressKey? address)
    {
        Endpoint = endpoint;
        Address = address;
    }

    public DtlsEndpoint Endpoint { get; }

    /// <summary>The peer's address whose share of workers it counts against; null: not limited.</summary>
    public DtlsAddressKey? Address { get; }

    /// <summary>Its node in the pool's queue; null once a worker took it, or it was cancelled or refused.</summary>
    public LinkedListNode<DtlsQueuedHandshake>? Node { get; set; }

    public ITimer? Timer { get; set; }
}
