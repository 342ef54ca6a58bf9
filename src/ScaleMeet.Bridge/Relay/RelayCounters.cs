namespace ScaleMeet.Bridge.Relay;

/// <summary>
/// What arrived on the relay port and what was refused, since start. Written on the loop thread only (plain
/// increments); readers on other threads tolerate stale values. Published as <c>scalemeet_bridge_relay_*</c>.
/// </summary>
internal sealed class RelayCounters
{
    /// <summary>Datagrams read from the relay port, refused ones included.</summary>
    public long DatagramsReceived;

    /// <summary>Bytes sent on every relay (header, SRTP and STUN included).</summary>
    public long BytesSent;

    /// <summary>Bytes of datagrams every relay accepted.</summary>
    public long BytesReceived;

    /// <summary>Datagrams without a relay header, or with nothing a relay carries after it.</summary>
    public long MalformedDropped;

    /// <summary>Datagrams naming a relay this bridge does not have.</summary>
    public long UnknownRelayDropped;

    /// <summary>Datagrams naming a relay but coming from an address other than that relay's peer.</summary>
    public long UnknownAddressDropped;

    /// <summary>STUN that did not authenticate: a check with the wrong USERNAME or MESSAGE-INTEGRITY, a replayed check, an answer to no check of ours.</summary>
    public long StunRefused;

    /// <summary>SRTP / SRTCP packets that failed authentication .</summary>
    public long SrtpAuthenticationFailed;

    /// <summary>SRTP / SRTCP packets dropped by the replay window (seen before, or older than the window).</summary>
    public long SrtpReplayed;

    /// <summary>SRTP / SRTCP packets of an SSRC past the relay's stream limit, or of one it retired.</summary>
    public long SrtpStreamRefused;

    /// <summary>Packets the send side refused to protect (index reuse, SSRC limit) or too large for a datagram.</summary>
    public long SendRefused;

    /// <summary>Media that arrived on a relay and authenticated with an SSRC no remote sender of that relay has (yet).</summary>
    public long MediaUnrouted;

    /// <summary>Relays whose consent lapsed (no answer to our checks within the consent timeout).</summary>
    public long ConsentExpired;
}
