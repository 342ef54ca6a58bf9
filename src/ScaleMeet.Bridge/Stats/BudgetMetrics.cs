using System.Diagnostics.Metrics;
using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// What the bridge's budgets and bounds refused (<see cref="BudgetCounters"/>), as observable counters on the bridge's
/// meter: <c>scalemeet_bridge_*</c>, with a <c>reason</c> tag where one figure has several causes. Read live at each
/// collection (not from the periodic sample), so a test or an operator sees an attack as it happens. The
/// instruments live as long as the meter; callbacks run on the collector's thread and read counters the loop writes.
/// </summary>
internal static class BudgetMetrics
{
    /// <summary>Adds the instruments to <paramref name="meter"/>; <paramref name="counters"/> is null until the bridge runs.</summary>
    public static void Register(Meter meter, Func<BudgetCounters?> counters)
    {
        Counter(meter, counters, "scalemeet_bridge_rtcp_rate_limited", "{compound}", "RTCP compounds dropped by their transport's rate limit (after authentication)",
            c => c.RtcpRateLimited);
        Counter(meter, counters, "scalemeet_bridge_nacked_packets", "{packet}", "Sequence numbers receivers' NACKs asked for (repeats included)",
            c => c.NackedPackets);
        Tagged(meter, counters, "scalemeet_bridge_retransmits_refused", "{packet}", "NACKed packets not retransmitted, by reason",
            ("compound_limit", c => c.RetransmitsOverCompoundLimit), ("recently_sent", c => c.RetransmitsRecentlySent),
            ("budget", c => c.RetransmitsOverBudget), ("unavailable", c => c.RetransmitsUnavailable));
        Counter(meter, counters, "scalemeet_bridge_retransmitted_bytes", "By", "Bytes of RTX retransmissions sent (after SRTP)", c => c.RetransmittedBytes);
        Tagged(meter, counters, "scalemeet_bridge_transport_cc_refused", "{feedback}", "Transport-cc feedback not given to the estimator, by reason",
            ("too_many_statuses", c => c.TransportCcTooManyStatuses), ("rate_limited", c => c.TransportCcRateLimited));
        Counter(meter, counters, "scalemeet_bridge_keyframe_requests_rate_limited", "{request}", "Receivers' PLIs and FIRs dropped by the per-receiver interval",
            c => c.KeyframeRequestsRateLimited);
        Tagged(meter, counters, "scalemeet_bridge_srtp_refused", "{packet}", "SRTP/SRTCP packets refused, by reason",
            ("index_reused", c => c.SrtpIndexRefused), ("stream_limit", c => c.SrtpStreamLimitDropped), ("retired_stream", c => c.SrtpRetiredStreamDropped));
        Counter(meter, counters, "scalemeet_bridge_layer_ssrc_changes", "{change}", "Simulcast layers whose sender changed the SSRC", c => c.LayerSsrcChanges);
        Tagged(meter, counters, "scalemeet_bridge_ice_refused", "{request}", "Binding requests dropped, by reason",
            ("replay", c => c.IceReplays), ("address_conflict", c => c.IceAddressConflicts));
        Counter(meter, counters, "scalemeet_bridge_ice_checks_other_address", "{request}",
            "Valid checks from an address other than the selected one (answered; consent not refreshed)", c => c.IceChecksFromOtherAddress);
        Counter(meter, counters, "scalemeet_bridge_ice_addresses_evicted", "{address}", "Remote addresses forgotten to keep a transport's list bounded",
            c => c.IceAddressesEvicted);
    }

    private static void Counter(Meter meter, Func<BudgetCounters?> counters, string name, string unit, string description, Func<BudgetCounters, long> value) =>
        meter.CreateObservableCounter(name, () => counters() is { } c ? value(c) : 0, unit, description);

    private static void Tagged(Meter meter, Func<BudgetCounters?> counters, string name, string unit, string description,
        params (string Reason, Func<BudgetCounters, long> Value)[] reasons) =>
        meter.CreateObservableCounter(name, () =>
        {
            var c = counters();
            var measurements = new Measurement<long>[reasons.Length];
            for (var i = 0; i < reasons.Length; i++)
            {
                measurements[i] = new Measurement<long>(c is null ? 0 : reasons[i].Value(c), new KeyValuePair<string, object?>("reason", reasons[i].Reason));
            }

            return measurements;
        }, unit, description);
}
