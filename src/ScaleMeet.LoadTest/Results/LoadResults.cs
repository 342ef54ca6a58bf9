namespace ScaleMeet.LoadTest.Results;

/// <summary>
/// What one run of <c>scalemeet-load</c> measured: written as JSON (<c>--out</c>, <see cref="ResultsJson"/>) and
/// drawn by the HTML report (<c>--report</c>). Times are milliseconds, rates kbit/s, memory MB (2^20 bytes),
/// CPU in cores (CPU-seconds per second). A figure that could not be measured is null.
/// </summary>
public sealed record LoadResults
{
    /// <summary>S1..S4, or "custom" for <c>--conferences/--participants/--senders</c>.</summary>
    public required string Scenario { get; init; }

    /// <summary>The target as given (<c>http://host:port</c> or <c>janus://host:port/</c>).</summary>
    public required string Target { get; init; }

    /// <summary>"scalemeet" or "janus".</summary>
    public required string System { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Seconds of measurement after the last participant joined (the requested <c>--duration</c>, shorter when stopped).</summary>
    public required double Duration { get; init; }

    public required int Conferences { get; init; }

    public required int ParticipantsPerConference { get; init; }

    public required int SendersPerConference { get; init; }

    /// <summary>True when the run was stopped early (Ctrl-C) and holds what was measured until then.</summary>
    public bool Interrupted { get; init; }

    public required IReadOnlyList<ParticipantResult> Participants { get; init; }

    /// <summary>One sample per second of the whole run (ramp included); t = 0 at the first join.</summary>
    public required IReadOnlyList<ServerSample> Server { get; init; }

    public required LoadGeneratorResult Generator { get; init; }

    /// <summary>
    /// The bridges behind the target focus (its <c>/api/bridges</c>), each with its participants, rooms and one sample
    /// per second; empty when the target lists none (Janus, or a focus that does not serve the registry to us).
    /// </summary>
    public IReadOnlyList<BridgeResult> Bridges { get; init; } = [];

    /// <summary>Aggregates of the measurement window (after the ramp), for comparisons.</summary>
    public required RunSummary Summary { get; init; }
}

/// <summary>One synthetic participant's experience over the measurement window.</summary>
public sealed record ParticipantResult
{
    public required string Name { get; init; }

    /// <summary>Conference index, 0-based; the room name is in <see cref="Room"/>.</summary>
    public required int Conference { get; init; }

    public required string Room { get; init; }

    public required bool Sender { get; init; }

    /// <summary>The region it joined from (<c>--region</c>), or null.</summary>
    public string? Region { get; init; }

    /// <summary>The server media address (<c>ip:port</c>) its transports were connected to when it left; null if never.</summary>
    public string? MediaAddress { get; init; }

    /// <summary>The id of the bridge that address belongs to (see <see cref="LoadResults.Bridges"/>); null without a pool.</summary>
    public string? Bridge { get; init; }

    /// <summary>Joined, publishing (when a sender) and subscribed, with media from every other sender arriving.</summary>
    public required bool Connected { get; init; }

    /// <summary>From opening the signaling connection until the publish transport (or, for receive-only, the subscribe transport) was up.</summary>
    public double? JoinMs { get; init; }

    /// <summary>From opening the signaling connection until the first complete video frame of any remote sender.</summary>
    public double? FirstFrameMs { get; init; }

    /// <summary>Remote video streams expected (other senders in the conference) and those that delivered frames.</summary>
    public required int VideoStreamsExpected { get; init; }

    public required int VideoStreamsReceived { get; init; }

    public required int AudioStreamsReceived { get; init; }

    public required double RecvKbps { get; init; }

    public required double SendKbps { get; init; }

    /// <summary>Packets lost ÷ expected over every received stream (sequence gaps), percent.</summary>
    public required double LossPct { get; init; }

    /// <summary>Mean interarrival jitter of received video (RFC 3550 §6.4.1), ms.</summary>
    public double? JitterMs { get; init; }

    /// <summary>Mean round-trip time from the server's receiver reports on our sent streams (RFC 3550 LSR/DLSR), ms.</summary>
    public double? RttMs { get; init; }

    /// <summary>Gaps of more than 500 ms without a complete frame on a received video stream that had started.</summary>
    public required int Freezes { get; init; }

    /// <summary>Received video frames per second, summed over the streams.</summary>
    public required double FramesPerSecond { get; init; }

    /// <summary>Keyframe requests (PLI/FIR) the server sent us and that we answered by jumping to a keyframe.</summary>
    public required int KeyframeRequests { get; init; }

    /// <summary>Why the participant did not connect, when it did not.</summary>
    public string? Error { get; init; }
}

/// <summary>One second of the run, as seen from the server process and from the participants.</summary>
public sealed record ServerSample
{
    /// <summary>Seconds since the first join.</summary>
    public required double T { get; init; }

    /// <summary>CPU of the server process (from /proc), cores; null when the process is not on this machine.</summary>
    public double? CpuCores { get; init; }

    /// <summary>Resident memory of the server process, MB.</summary>
    public double? RssMb { get; init; }

    /// <summary>The server's own stress figure (ScaleMeet /stats), when it publishes one.</summary>
    public double? Stress { get; init; }

    /// <summary>What the server received (the participants' sent media), kbit/s: Jitsi's <c>bit_rate_download</c>.</summary>
    public required double BitrateDownKbps { get; init; }

    /// <summary>What the server sent (the participants' received media), kbit/s: Jitsi's <c>bit_rate_upload</c>.</summary>
    public required double BitrateUpKbps { get; init; }

    /// <summary>Participants the server reports (ScaleMeet /stats), else null.</summary>
    public int? ServerParticipants { get; init; }

    public int? ServerConferences { get; init; }

    /// <summary>Synthetic participants connected at this second.</summary>
    public required int Connected { get; init; }

    /// <summary>Mean RTT over the participants that had a fresh measurement, ms.</summary>
    public double? RttMs { get; init; }

    /// <summary>Loss over this second, all received streams together, percent.</summary>
    public double? LossPct { get; init; }
}

/// <summary>The load generator's own cost, so users know how many participants one machine can simulate.</summary>
public sealed record LoadGeneratorResult
{
    /// <summary>Mean CPU of the load generator over the measurement window, cores.</summary>
    public required double CpuCores { get; init; }

    /// <summary><see cref="CpuCores"/> ÷ participants simulated, in milli-cores.</summary>
    public required double MilliCoresPerParticipant { get; init; }

    public required double PeakRssMb { get; init; }
}

/// <summary>Aggregates over the measurement window.</summary>
public sealed record RunSummary
{
    public required int ParticipantsConnected { get; init; }

    public required int ParticipantsTotal { get; init; }

    public double? ServerCpuCores { get; init; }

    public double? ServerPeakRssMb { get; init; }

    public double? ServerEndRssMb { get; init; }

    /// <summary>Server received + sent, Mbit/s (measured at the participants).</summary>
    public required double ForwardedMbps { get; init; }

    /// <summary>Server CPU-seconds per Mbit of media in + out: CpuCores ÷ ForwardedMbps.</summary>
    public double? CpuSecondsPerMbit { get; init; }

    public required double LossPct { get; init; }

    public double? RttMs { get; init; }

    /// <summary>Median time to first frame over participants that got one, ms.</summary>
    public double? FirstFrameMs { get; init; }

    public double? JoinMs { get; init; }

    public required int Freezes { get; init; }
}
