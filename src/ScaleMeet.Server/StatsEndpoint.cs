using System.Reflection;
using System.Text.Json.Serialization;
using ScaleMeet.Bridge;
using ScaleMeet.Bridge.Stats;
using ScaleMeet.Focus;
using ScaleMeet.Server.Hardening;

namespace ScaleMeet.Server;

/// <summary>
/// <c>GET /stats</c>: what the bridge and the focus hold right now, with Jitsi's <c>/colibri/stats</c> keys at the
/// top level (docs/protocol.md lists them). Conferences, participants and the largest conference are counted at
/// the request; rates, loss, RTT and stress come from the bridge's last sample. Served to loopback clients (while
/// <c>ScaleMeet:Http:TrustLoopback</c>) and to requests with the admin bearer token; 404 for anyone else, 401 for a
/// wrong token: it is an operator's page, not a public one.
/// </summary>
internal static class StatsEndpoint
{
    private static readonly string Version =
        typeof(StatsEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static void Map(WebApplication app, FocusService? focus, Func<MediaBridge?> bridge, AdminAccess access)
    {
        app.MapGet("/stats", async (HttpContext context) =>
        {
            if (AdminAccess.Refusal(access.Check(context), context) is { } refused)
            {
                return refused;
            }

            var media = bridge();
            var f = focus?.GetSnapshot();
            var b = media is not null ? await media.GetSnapshotAsync() : new BridgeSnapshot(0, 0, 0, 0, 0);
            var p = media?.GetPacketStats() ?? new BridgePacketStats(0, 0, 0, 0, 0, 0, 0);
            var s = media?.GetStats() ?? BridgeStats.Empty;
            var relays = media is not null ? await media.GetRelaysAsync() : [];
            var doc = new StatsDocument
            {
                Conferences = b.Conferences,
                Participants = b.Endpoints,
                LargestConference = b.LargestConference,
                StressLevel = s.Stress,
                AverageParticipantStress = s.AverageParticipantStress,
                BitRateDownload = s.BitrateInKbps,
                BitRateUpload = s.BitrateOutKbps,
                PacketRateDownload = s.PacketRateIn,
                PacketRateUpload = s.PacketRateOut,
                RttAggregate = s.RttMilliseconds,
                IncomingLoss = s.LossIn,
                OutgoingLoss = s.LossOut,
                EndpointsSendingAudio = s.EndpointsSendingAudio,
                EndpointsSendingVideo = s.EndpointsSendingVideo,
                TotalConferencesCreated = s.ConferencesCreated,
                TotalConferencesCompleted = s.ConferencesCompleted,
                GracefulShutdown = s.ShuttingDown,
                ShuttingDown = s.ShuttingDown,
                Drain = s.Draining,
                Healthy = s.Healthy,
                Version = Version,
                Focus = f is null ? null : new FocusStats(f.Rooms, f.Participants, f.Bridges, focus!.ParticipantsByRegion()),
                Bridge = new BridgeCountersDocument(b.Conferences, b.Endpoints, b.Transports, b.RemoteAddresses, p.RtpReceived, p.RtpSent, p.RtxSent, p.Dropped,
                    p.KeyframeRequestsSent, p.TransportFeedbackReceived, p.PaddingSent, s.BytesReceived, s.BytesSent, s.PacketsReceived, s.PacketsSent,
                    s.IceFailures, s.DtlsFailures, s.LoopWorstIterationSeconds * 1000),
                Process = ProcessFigures(),
                Relays = relays,
            };
            return Results.Json(doc, ServerJsonContext.Default.StatsDocument);
        });
    }

    /// <summary>
    /// This process's CPU time since it started and its resident memory, for samplers that are not on this machine: the
    /// figures <c>process_cpu_seconds_total</c> and <c>process_resident_memory_bytes</c> publish (ProcessMetrics).
    /// </summary>
    private static ProcessStats ProcessFigures() =>
        new(Environment.ProcessId, Environment.CpuUsage.TotalTime.TotalSeconds, Environment.WorkingSet / (1024.0 * 1024.0), Environment.ProcessorCount);
}

/// <summary>The <c>/stats</c> document: Jitsi's <c>/colibri/stats</c> keys, then the focus's and the bridge's own figures.</summary>
internal sealed record StatsDocument
{
    [JsonPropertyName("conferences")]
    public int Conferences { get; init; }

    [JsonPropertyName("participants")]
    public int Participants { get; init; }

    [JsonPropertyName("largest_conference")]
    public int LargestConference { get; init; }

    [JsonPropertyName("stress_level")]
    public double StressLevel { get; init; }

    [JsonPropertyName("average_participant_stress")]
    public double AverageParticipantStress { get; init; }

    /// <summary>kbit/s received.</summary>
    [JsonPropertyName("bit_rate_download")]
    public double BitRateDownload { get; init; }

    /// <summary>kbit/s sent.</summary>
    [JsonPropertyName("bit_rate_upload")]
    public double BitRateUpload { get; init; }

    [JsonPropertyName("packet_rate_download")]
    public double PacketRateDownload { get; init; }

    [JsonPropertyName("packet_rate_upload")]
    public double PacketRateUpload { get; init; }

    /// <summary>ms.</summary>
    [JsonPropertyName("rtt_aggregate")]
    public double RttAggregate { get; init; }

    [JsonPropertyName("incoming_loss")]
    public double IncomingLoss { get; init; }

    [JsonPropertyName("outgoing_loss")]
    public double OutgoingLoss { get; init; }

    [JsonPropertyName("endpoints_sending_audio")]
    public int EndpointsSendingAudio { get; init; }

    [JsonPropertyName("endpoints_sending_video")]
    public int EndpointsSendingVideo { get; init; }

    [JsonPropertyName("total_conferences_created")]
    public long TotalConferencesCreated { get; init; }

    [JsonPropertyName("total_conferences_completed")]
    public long TotalConferencesCompleted { get; init; }

    [JsonPropertyName("graceful_shutdown")]
    public bool GracefulShutdown { get; init; }

    [JsonPropertyName("shutting_down")]
    public bool ShuttingDown { get; init; }

    [JsonPropertyName("drain")]
    public bool Drain { get; init; }

    [JsonPropertyName("healthy")]
    public bool Healthy { get; init; }

    [JsonPropertyName("version")]
    public string Version { get; init; } = "";

    [JsonPropertyName("focus")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FocusStats? Focus { get; init; }

    [JsonPropertyName("bridge")]
    public required BridgeCountersDocument Bridge { get; init; }

    [JsonPropertyName("process")]
    public required ProcessStats Process { get; init; }

    /// <summary>The bridge's relays to other bridges (docs/relays.md); empty without relays.</summary>
    [JsonPropertyName("relays")]
    public IReadOnlyList<ScaleMeet.Bridge.Relay.RelayStats> Relays { get; init; } = [];
}

/// <summary>
/// The <c>process</c> object of <c>/stats</c>: the process id, CPU seconds used since start (user + system; a sampler
/// divides two readings' difference by the wall time between them), resident memory in MB (2^20 bytes) and processors.
/// </summary>
internal sealed record ProcessStats(int Pid, double CpuSeconds, double RssMb, int Processors);

/// <summary>The <c>focus</c> object of <c>/stats</c>; <c>participantsByRegion</c> keys "" for participants of no known region.</summary>
internal sealed record FocusStats(int Rooms, int Participants, int Bridges, IReadOnlyDictionary<string, int> ParticipantsByRegion);

/// <summary>
/// The <c>bridge</c> object of <c>/stats</c>: live counts and packet counters since start, and the longest media loop
/// iteration of the last sample interval (ms).
/// </summary>
internal sealed record BridgeCountersDocument(int Conferences, int Endpoints, int Transports, int RemoteAddresses,
    long RtpReceived, long RtpSent, long RtxSent, long Dropped, long KeyframeRequestsSent, long TransportFeedbackReceived, long PaddingSent,
    long BytesReceived, long BytesSent, long PacketsReceived, long PacketsSent, long IceFailures, long DtlsFailures, double LoopWorstIterationMs);
