namespace ScaleMeet.Focus.Bridges;

/// <summary>
/// One bridge as <c>GET /api/bridges</c> and the focus's metrics show it. <paramref name="State"/> is the
/// <see cref="BridgeState"/> name; <paramref name="CorrectedStress"/> adds the participants placed in the last ramp-up
/// interval × the average participant stress; <paramref name="LastHeartbeatSecondsAgo"/> is null before the first;
/// <paramref name="StatsUrl"/> is the bridge's own <c>/stats</c> (null for the embedded bridge, or when unknown);
/// <paramref name="RelayAddress"/> its relay port as its hello named it (null without relays).
/// </summary>
public sealed record BridgeView(
    string Id,
    string Region,
    string Version,
    string State,
    double Stress,
    double CorrectedStress,
    int Participants,
    int Conferences,
    bool Healthy,
    IReadOnlyList<string> MediaAddresses,
    double? LastHeartbeatSecondsAgo,
    double ConnectedSeconds,
    string? LostReason,
    string? StatsUrl = null,
    string? RelayAddress = null);
