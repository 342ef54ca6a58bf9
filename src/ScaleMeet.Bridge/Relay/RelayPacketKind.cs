namespace ScaleMeet.Bridge.Relay;

/// <summary>What <see cref="RelayTransport.Receive"/> made of one datagram.</summary>
internal enum RelayPacketKind
{
    /// <summary>Dropped and counted: bad authentication, a replay, a malformed packet.</summary>
    Dropped,

    /// <summary>A connectivity or consent check, or the answer to ours: handled by the relay, nothing to route.</summary>
    Stun,

    /// <summary>An RTP packet, authenticated and decrypted in place.</summary>
    Rtp,

    /// <summary>An RTCP compound, authenticated and decrypted in place.</summary>
    Rtcp,
}
