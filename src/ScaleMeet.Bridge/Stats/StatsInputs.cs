namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// What the router counted, handed to <see cref="StatsSampler.Sample"/>. Traffic and failure figures are totals
/// since start; the loss and RTT figures cover the interval since the previous sample only.
/// </summary>
internal readonly record struct StatsInputs
{
    public int Conferences { get; init; }

    public int Participants { get; init; }

    public int LargestConference { get; init; }

    public long PacketsReceived { get; init; }

    public long BytesReceived { get; init; }

    public long PacketsSent { get; init; }

    public long BytesSent { get; init; }

    /// <summary>Packets the senders sent during the interval (sequence numbers advanced).</summary>
    public long ExpectedIn { get; init; }

    /// <summary>Of those, the ones that never arrived.</summary>
    public long LostIn { get; init; }

    /// <summary>Packets the receivers' report blocks covered during the interval.</summary>
    public long ExpectedOut { get; init; }

    /// <summary>Of those, the ones the receivers reported lost.</summary>
    public long LostOut { get; init; }

    /// <summary>Sum of the endpoints' round-trip times, ms.</summary>
    public double RttSumMilliseconds { get; init; }

    /// <summary>Endpoints with a round-trip time.</summary>
    public int RttCount { get; init; }

    public int EndpointsSendingAudio { get; init; }

    public int EndpointsSendingVideo { get; init; }

    public long ConferencesCreated { get; init; }

    public long ConferencesCompleted { get; init; }

    public long IceFailures { get; init; }

    public long DtlsFailures { get; init; }

    /// <summary>The longest media loop iteration during the interval, seconds.</summary>
    public double LoopWorstIterationSeconds { get; init; }

    public bool Draining { get; init; }

    public bool ShuttingDown { get; init; }
}
