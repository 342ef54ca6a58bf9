namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// What one bridge reports about itself: an immutable snapshot computed on the media loop every
/// <see cref="StressOptions.SampleInterval"/>. Rates are over the last interval; counters are totals since start.
/// Safe to read from any thread (<see cref="MediaBridge.GetStats"/> returns the latest).
/// </summary>
public sealed record BridgeStats
{
    /// <summary>Before the first sample: nothing measured yet.</summary>
    public static readonly BridgeStats Empty = new();

    /// <summary>Stress level: measurement ÷ threshold (1.0 = fully loaded).</summary>
    public double Stress { get; init; }

    /// <summary>The stress one participant adds (configured, <see cref="StressOptions.AverageParticipantStress"/>).</summary>
    public double AverageParticipantStress { get; init; }

    public int Conferences { get; init; }

    /// <summary>Endpoints on the bridge, all conferences.</summary>
    public int Participants { get; init; }

    /// <summary>Endpoints in the largest conference.</summary>
    public int LargestConference { get; init; }

    /// <summary>Datagrams received (media, RTCP, STUN, DTLS), kbit/s over the interval.</summary>
    public double BitrateInKbps { get; init; }

    /// <summary>Datagrams sent, kbit/s over the interval.</summary>
    public double BitrateOutKbps { get; init; }

    /// <summary>Datagrams received per second over the interval.</summary>
    public double PacketRateIn { get; init; }

    /// <summary>Datagrams sent per second over the interval.</summary>
    public double PacketRateOut { get; init; }

    /// <summary>Datagram bytes received since start (UDP payload).</summary>
    public long BytesReceived { get; init; }

    /// <summary>Datagram bytes sent since start (UDP payload).</summary>
    public long BytesSent { get; init; }

    public long PacketsReceived { get; init; }

    public long PacketsSent { get; init; }

    /// <summary>Mean round-trip time to the endpoints that have one (from their RTCP receiver reports), ms; 0 when none.</summary>
    public double RttMilliseconds { get; init; }

    /// <summary>Fraction of the senders' packets lost on the way in over the interval (sequence gaps), 0..1.</summary>
    public double LossIn { get; init; }

    /// <summary>Fraction of packets lost towards receivers over the interval (their report blocks), 0..1.</summary>
    public double LossOut { get; init; }

    /// <summary>Endpoints whose audio arrived during the interval.</summary>
    public int EndpointsSendingAudio { get; init; }

    /// <summary>Endpoints whose video arrived during the interval.</summary>
    public int EndpointsSendingVideo { get; init; }

    /// <summary>Conferences created on this bridge since start.</summary>
    public long ConferencesCreated { get; init; }

    /// <summary>Conferences ended (last endpoint gone) since start.</summary>
    public long ConferencesCompleted { get; init; }

    /// <summary>Endpoints removed because ICE consent expired, since start.</summary>
    public long IceFailures { get; init; }

    /// <summary>DTLS handshakes that failed or timed out, since start.</summary>
    public long DtlsFailures { get; init; }

    /// <summary>The longest media loop iteration during the interval, seconds (every conference on the loop waited that long).</summary>
    public double LoopWorstIterationSeconds { get; init; }

    /// <summary>The media loop runs and ticked recently.</summary>
    public bool Healthy { get; init; }

    /// <summary>Draining: no new conferences should come here (existing ones continue).</summary>
    public bool Draining { get; init; }

    /// <summary>Shutting down: the focus should move everyone away.</summary>
    public bool ShuttingDown { get; init; }

    /// <summary>The interval the rates are over (0 before the first sample).</summary>
    public TimeSpan Interval { get; init; }

    /// <summary>When the sample was taken (the bridge's clock).</summary>
    public DateTimeOffset SampledAt { get; init; }
}
