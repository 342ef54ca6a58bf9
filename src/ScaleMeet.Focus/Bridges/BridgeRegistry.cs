using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Focus.Bridges;

/// <summary>
/// The bridges the focus knows and their states (docs/operations.md, "The bridge registry"). A bridge is added
/// Connecting when its hello is accepted, becomes Active (or Draining, ShuttingDown) with each heartbeat's state, and
/// Lost when its channel ends or its heartbeats stop; a Lost entry stays visible for <c>lostRetention</c>, or until the
/// same id registers again. Entries are told apart by their <see cref="IBridgeControl"/>: a stale channel of a bridge
/// that re-registered cannot change the new entry.
/// Threading: one lock, never held across a call out; any thread.
/// </summary>
public sealed class BridgeRegistry(TimeProvider time, TimeSpan rampUpInterval, TimeSpan lostRetention)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, RegisteredBridge> _bridges = new(StringComparer.Ordinal);

    /// <summary>Adds a bridge whose hello was accepted; false when a live bridge already has the id.</summary>
    internal bool TryAdd(RegisteredBridge bridge)
    {
        lock (_lock)
        {
            if (_bridges.TryGetValue(bridge.Id, out var existing) && existing.State != BridgeState.Lost)
            {
                return false;
            }

            _bridges[bridge.Id] = bridge;
            return true;
        }
    }

    /// <summary>A heartbeat of <paramref name="control"/>'s bridge: its state and load now.</summary>
    internal void OnHeartbeat(IBridgeControl control, BridgeStatus status)
    {
        lock (_lock)
        {
            if (!_bridges.TryGetValue(control.BridgeId, out var bridge) || bridge.Control != control || bridge.State == BridgeState.Lost)
            {
                return;
            }

            bridge.Status = status;
            bridge.LastHeartbeatAt = time.GetTimestamp();
            bridge.AverageParticipantStress = status.AverageParticipantStress;
            bridge.State = status.State switch
            {
                BridgeStates.Draining => BridgeState.Draining,
                BridgeStates.ShuttingDown => BridgeState.ShuttingDown,
                _ when !status.Healthy => BridgeState.Connecting,
                _ => BridgeState.Active,
            };
        }
    }

    /// <summary>Marks <paramref name="control"/>'s bridge Lost; false when it already was (or was replaced).</summary>
    internal bool MarkLost(IBridgeControl control, string reason)
    {
        lock (_lock)
        {
            if (!_bridges.TryGetValue(control.BridgeId, out var bridge) || bridge.Control != control || bridge.State == BridgeState.Lost)
            {
                return false;
            }

            bridge.State = BridgeState.Lost;
            bridge.LostAt = time.GetTimestamp();
            bridge.LostReason = reason;
            return true;
        }
    }

    /// <summary>True while <paramref name="control"/> is a registered bridge that may take participants (Active or Draining).</summary>
    internal bool IsOperational(IBridgeControl control)
    {
        lock (_lock)
        {
            return _bridges.TryGetValue(control.BridgeId, out var bridge) && bridge.Control == control
                && bridge.State is BridgeState.Active or BridgeState.Draining;
        }
    }

    /// <summary>Counts a participant placed on <paramref name="control"/>'s bridge (it raises the corrected stress for a while).</summary>
    internal void RecordPlacement(IBridgeControl control)
    {
        lock (_lock)
        {
            if (_bridges.TryGetValue(control.BridgeId, out var bridge) && bridge.Control == control)
            {
                bridge.RecentPlacements.Enqueue(time.GetTimestamp());
            }
        }
    }

    /// <summary>Every entry as selection sees it, Lost ones dropped after the retention; any thread.</summary>
    internal IReadOnlyList<(RegisteredBridge Bridge, int RecentlyPlaced)> Snapshot()
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            var result = new List<(RegisteredBridge, int)>(_bridges.Count);
            foreach (var (id, bridge) in _bridges.ToArray())
            {
                if (bridge.State == BridgeState.Lost && time.GetElapsedTime(bridge.LostAt, now) > lostRetention)
                {
                    _bridges.Remove(id);
                    continue;
                }

                while (bridge.RecentPlacements.Count > 0 && time.GetElapsedTime(bridge.RecentPlacements.Peek(), now) > rampUpInterval)
                {
                    bridge.RecentPlacements.Dequeue();
                }

                result.Add((bridge, bridge.RecentPlacements.Count));
            }

            return result;
        }
    }

    /// <summary>Every known bridge for <c>/api/bridges</c>, ordered by id.</summary>
    public IReadOnlyList<BridgeView> List()
    {
        var now = time.GetTimestamp();
        var entries = Snapshot();
        lock (_lock) // each view from one consistent state (a bridge marked Lost has its reason)
        {
            return entries
                .OrderBy(e => e.Bridge.Id, StringComparer.Ordinal)
                .Select(e =>
                {
                    var (b, recent) = e;
                    var stress = b.Status?.Stress ?? 0;
                    return new BridgeView(b.Id, b.Region, b.Version, b.State.ToString(), stress, stress + recent * b.AverageParticipantStress,
                        b.Status?.Participants ?? 0, b.Status?.Conferences ?? 0, b.Status?.Healthy ?? false, b.MediaAddresses,
                        b.LastHeartbeatAt == 0 ? null : time.GetElapsedTime(b.LastHeartbeatAt, now).TotalSeconds,
                        time.GetElapsedTime(b.RegisteredAt, now).TotalSeconds, b.LostReason, b.StatsUrl, b.RelayAddress);
                })
                .ToArray();
        }
    }

    /// <summary>How many bridges are in each state now (every state listed, 0 included).</summary>
    public IReadOnlyDictionary<BridgeState, int> CountByState()
    {
        var counts = Enum.GetValues<BridgeState>().ToDictionary(s => s, _ => 0);
        foreach (var (bridge, _) in Snapshot())
        {
            counts[bridge.State]++;
        }

        return counts;
    }
}
