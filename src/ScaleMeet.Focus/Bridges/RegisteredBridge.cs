using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Focus.Bridges;

/// <summary>
/// One bridge the focus knows: what its hello said, its state and its last heartbeat. Mutable fields are guarded by
/// the <see cref="BridgeRegistry"/> lock.
/// </summary>
internal sealed class RegisteredBridge(IBridgeControl control, string region, string version, IReadOnlyList<string> mediaAddresses,
    double averageParticipantStress, long registeredAt)
{
    public string Id => Control.BridgeId;

    public IBridgeControl Control { get; } = control;

    public string Region { get; } = region;

    public string Version { get; } = version;

    public IReadOnlyList<string> MediaAddresses { get; } = mediaAddresses;

    /// <summary>Where other bridges reach its relay port (<c>ip:port</c>, from its hello), or null when it has none.</summary>
    public string? RelayAddress { get; init; }

    /// <summary>The bridge's own <c>/stats</c> (from the channel's address and the hello's HTTP port), or null.</summary>
    public string? StatsUrl { get; init; }

    /// <summary>From hello, then from each heartbeat.</summary>
    public double AverageParticipantStress { get; set; } = averageParticipantStress;

    public long RegisteredAt { get; } = registeredAt;

    public BridgeState State { get; set; } = BridgeState.Connecting;

    /// <summary>The last heartbeat's status, or null before the first.</summary>
    public BridgeStatus? Status { get; set; }

    /// <summary>When the last heartbeat arrived (a <see cref="TimeProvider"/> timestamp), or 0.</summary>
    public long LastHeartbeatAt { get; set; }

    /// <summary>When it became Lost, or 0.</summary>
    public long LostAt { get; set; }

    /// <summary>Why it was Lost, or null.</summary>
    public string? LostReason { get; set; }

    /// <summary>Timestamps of participants placed here recently, oldest first (for the corrected stress).</summary>
    public Queue<long> RecentPlacements { get; } = new();
}
