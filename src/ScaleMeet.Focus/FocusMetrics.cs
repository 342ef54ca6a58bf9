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
