namespace ScaleMeet.Media.Dtls;

/// <summary>Where a <see cref="DtlsEndpoint"/> is in its life (one way, left to right).</summary>
internal enum DtlsEndpointState
{
    /// <summary>Created; <see cref="DtlsEndpoint.StartHandshake"/> not called yet.</summary>
    New,

    /// <summary>A server waiting for the peer's first datagram before it takes a place in the pool.</summary>
    Armed,

    /// <summary>Waiting in the pool's queue for a worker.</summary>
    Queued,

    /// <summary>The handshake runs on a worker.</summary>
    Running,

    /// <summary>Keys are out; no thread is held; datagrams are handled by short work items.</summary>
    Connected,

    /// <summary>Ended (failure, close_notify, fatal alert, local close).</summary>
    Closed,
}
