namespace ScaleMeet.Media.Dtls;

/// <summary>Which rules <see cref="DtlsDatagramQueue"/> applies, following the association's life.</summary>
internal enum DtlsQueueMode
{
    /// <summary>Before and during the handshake: the byte budget covers queue and reassembly; Receive blocks.</summary>
    Handshake,

    /// <summary>Keys are out; the peer's retransmitted last flight is still answered. Receive waits at most 1 ms.</summary>
    FinalFlight,

    /// <summary>The peer has our keys (its SRTP arrived) or the final-flight window passed: encrypted alerts only.</summary>
    Settled,
}
