namespace ScaleMeet.Bridge.Transport;

/// <summary>
/// A transport media arrives or leaves on, as producers and consumers see it: a browser's WebRTC connection
/// (<see cref="WebRtcTransport"/>) today, a bridge-to-bridge relay later. Producers send their feedback upstream on it
/// (keyframe requests, receiver reports), consumers their packets downstream; neither knows which kind it is.
/// Loop thread only.
/// </summary>
internal interface IMediaTransport
{
    /// <summary>True once packets can be protected and sent.</summary>
    bool IsConnected { get; }

    bool IsClosed { get; }

    /// <summary>SSRC the bridge uses as RTCP sender on this transport (PLI, RR, REMB).</summary>
    uint LocalRtcpSsrc { get; }

    /// <summary>The transport-wide sequence number the next RTP packet on this transport carries.</summary>
    ushort NextTransportSequence { get; }

    /// <summary>Bytes of the last RTP packet <see cref="SendRtp"/> sent, after protection.</summary>
    int LastSentLength { get; }

    /// <summary>This transport's RTCP, transport-cc and retransmission budgets.</summary>
    TransportBudgets Budgets { get; }

    /// <summary>Protects RTP in <paramref name="buffer"/> and sends it; false when not connected or refused.</summary>
    bool SendRtp(Span<byte> buffer, int length, long nowMicros);

    /// <summary>Protects RTCP in <paramref name="buffer"/> and sends it; false when not connected or refused.</summary>
    bool SendRtcp(Span<byte> buffer, int length);

    /// <summary>Frees an incoming SSRC's protection state; <paramref name="retire"/> refuses the SSRC from then on.</summary>
    void ForgetIncoming(uint ssrc, bool retire);

    /// <summary>Frees an outgoing SSRC's protection state (its SSRC is never used again on this transport).</summary>
    void ForgetOutgoing(uint ssrc);
}
