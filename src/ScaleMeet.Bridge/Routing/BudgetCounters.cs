namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// What the bridge's budgets and bounds refused, since start (the loop thread writes; readers on other threads
/// tolerate stale values). Published as <c>scalemeet_bridge_*</c> metrics by <see cref="Stats.BudgetMetrics"/>.
/// </summary>
internal sealed class BudgetCounters
{
    /// <summary>RTCP compounds dropped by a transport's rate limit (after they authenticated).</summary>
    public long RtcpRateLimited;

    /// <summary>Sequence numbers receivers' NACKs asked for (each item's numbers counted, repeats included).</summary>
    public long NackedPackets;

    /// <summary>NACKed numbers past the per-compound limit, not looked at.</summary>
    public long RetransmitsOverCompoundLimit;

    /// <summary>NACKed packets already resent to that receiver within its round trip.</summary>
    public long RetransmitsRecentlySent;

    /// <summary>NACKed packets the receiver's retransmission budget had no room for.</summary>
    public long RetransmitsOverBudget;

    /// <summary>NACKed packets the bridge no longer has (or never forwarded to that receiver).</summary>
    public long RetransmitsUnavailable;

    /// <summary>Bytes of RTX retransmissions sent (after SRTP).</summary>
    public long RetransmittedBytes;

    /// <summary>Transport-cc feedback refused unparsed for declaring more statuses than allowed.</summary>
    public long TransportCcTooManyStatuses;

    /// <summary>Transport-cc feedback dropped by the receiver's statuses-per-second budget.</summary>
    public long TransportCcRateLimited;

    /// <summary>PLIs and FIRs of a receiver dropped by its per-track interval.</summary>
    public long KeyframeRequestsRateLimited;

    /// <summary>SRTP/SRTCP packets the send side refused to protect: their index was already used, or older than the window.</summary>
    public long SrtpIndexRefused;

    /// <summary>Packets of a new SSRC dropped because the SRTP session holds the most SSRCs allowed.</summary>
    public long SrtpStreamLimitDropped;

    /// <summary>Packets of an SSRC whose SRTP state was freed (a simulcast layer's old SSRC, a removed track).</summary>
    public long SrtpRetiredStreamDropped;

    /// <summary>Simulcast layers whose sender changed the SSRC.</summary>
    public long LayerSsrcChanges;

    /// <summary>Binding requests whose transaction id was seen before: answered again only to the address it came from, nothing changed.</summary>
    public long IceReplays;

    /// <summary>Valid checks from an address other than the selected one, without USE-CANDIDATE: answered, consent not refreshed.</summary>
    public long IceChecksFromOtherAddress;

    /// <summary>Remote addresses forgotten to make room (a transport keeps at most the configured number).</summary>
    public long IceAddressesEvicted;

    /// <summary>Checks from an address another transport already uses: dropped.</summary>
    public long IceAddressConflicts;
}
