using System.Diagnostics.Metrics;

namespace ScaleMeet.Focus;

/// <summary>
/// Meter <c>ScaleMeet.Focus</c> (names in the metrics spec, issue [4]): the live room and participant counts from
/// <see cref="FocusService.GetSnapshot"/>, and the cumulative signaling outcomes of
/// <see cref="FocusService.Counters"/>. Every instrument is observable: nothing is recorded until a listener asks,
/// and the focus's signaling path only bumps plain counters.
/// The meter comes from <paramref name="meterFactory"/>, which owns and disposes it (and so scopes it to one host).
/// Public because the host (assembly <c>scalemeet</c>) creates it.
/// </summary>
public sealed class FocusMetrics
{
    public const string MeterName = "ScaleMeet.Focus";

    public FocusMetrics(FocusService focus, IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(new MeterOptions(MeterName));
        var counters = focus.Counters;
        Meter.CreateObservableGauge("scalemeet_focus_rooms", () => focus.GetSnapshot().Rooms, unit: "{room}",
            description: "Rooms the focus holds now (a room exists while anyone is in it or joining it).");
        Meter.CreateObservableGauge("scalemeet_focus_participants", () => focus.GetSnapshot().Participants, unit: "{participant}",
            description: "Participants the focus holds now, joined or joining.");
        Meter.CreateObservableCounter("scalemeet_focus_joins", () => counters.Joins, unit: "{join}",
            description: "Joins that succeeded since start.");
        Meter.CreateObservableCounter("scalemeet_focus_join_failures", () => Tagged(counters.JoinFailures, "reason"), unit: "{join}",
            description: "Joins refused since start, by reason.");
        var bridges = focus.Bridges;
        Meter.CreateObservableGauge("scalemeet_focus_bridges", () => bridges.CountByState()
                .Select(s => new Measurement<int>(s.Value, new KeyValuePair<string, object?>("state", s.Key.ToString().ToLowerInvariant()))),
            unit: "{bridge}", description: "Bridges the focus knows, by state (connecting, active, draining, shuttingdown, lost).");
        Meter.CreateObservableGauge("scalemeet_focus_bridge_stress", () => bridges.List().Where(b => b.State != "Lost")
                .Select(b => new Measurement<double>(b.Stress, new KeyValuePair<string, object?>("bridge", b.Id), new KeyValuePair<string, object?>("region", b.Region))),
            description: "Each registered bridge's stress as its last heartbeat said (1.0 = fully loaded).");
        Meter.CreateObservableGauge("scalemeet_focus_bridge_participants", () => bridges.List().Where(b => b.State != "Lost")
                .Select(b => new Measurement<int>(b.Participants, new KeyValuePair<string, object?>("bridge", b.Id), new KeyValuePair<string, object?>("region", b.Region))),
            unit: "{participant}", description: "Each registered bridge's endpoints as its last heartbeat said.");
        var control = focus.BridgeCounters;
        Meter.CreateObservableCounter("scalemeet_focus_bridge_registrations", () => control.Registrations, unit: "{bridge}",
            description: "Bridge registrations accepted since start (a bridge that reconnects counts again).");
        Meter.CreateObservableCounter("scalemeet_focus_bridge_refusals", () => Tagged(control.Refusals, "reason"), unit: "{bridge}",
            description: "Bridge control channels refused since start, by reason.");
        Meter.CreateObservableCounter("scalemeet_focus_bridges_lost", () => control.Lost, unit: "{bridge}",
            description: "Bridges lost since start (channel closed or heartbeats missed).");
        Meter.CreateObservableCounter("scalemeet_focus_participants_moved", () => control.ParticipantsMoved, unit: "{participant}",
            description: "Participants moved to another bridge after theirs was lost (told 'moved', still in the meeting).");
        Meter.CreateObservableCounter("scalemeet_focus_participant_move_failures", () => control.MoveFailures, unit: "{participant}",
            description: "Participants of a lost bridge that could not be moved (no bridge left, or the target refused) and were disconnected.");
        Meter.CreateObservableCounter("scalemeet_focus_signaling_resumes", () => Tagged(counters.Resumes, "outcome"), unit: "{participant}",
            description: "Participants whose signaling connection dropped (suspended), and how it ended: resumed on a new connection, expired after the grace period; refused resume attempts.");
        Meter.CreateObservableGauge("scalemeet_focus_participants_suspended", () => focus.SuspendedParticipants, unit: "{participant}",
            description: "Participants whose signaling connection dropped and who wait, in their rooms, for their page to resume.");
        Meter.CreateObservableCounter("scalemeet_focus_signaling_errors", () => Tagged(counters.SignalingErrors, "code"), unit: "{message}",
            description: "Signaling error messages sent to browsers since start, by error code.");
    }

    /// <summary>The meter (owned by the factory).</summary>
    public Meter Meter { get; }

    private static IEnumerable<Measurement<long>> Tagged(IEnumerable<KeyValuePair<string, long>> counts, string tag)
    {
        foreach (var (value, count) in counts)
        {
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>(tag, value));
        }
    }
}
