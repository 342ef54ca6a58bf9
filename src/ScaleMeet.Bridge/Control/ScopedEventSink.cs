using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Control;

/// <summary>
/// The event sink of a bridge that registers with several focuses: an event goes to the agent whose
/// <see cref="ControlAgent.ConferenceScope"/> prefixes its conference id (the agent strips the prefix). Events of a
/// conference no agent owns are dropped and counted. Set <see cref="Agents"/> before the bridge starts; any thread after.
/// </summary>
public sealed class ScopedEventSink : IBridgeEventSink
{
    private long _unrouted;

    public IReadOnlyList<ControlAgent> Agents { get; set; } = [];

    /// <summary>Events whose conference belongs to no agent.</summary>
    public long Unrouted => Interlocked.Read(ref _unrouted);

    public void OnBridgeEvent(string bridgeId, BridgeEvent bridgeEvent)
    {
        foreach (var agent in Agents)
        {
            if (agent.ConferenceScope is { } scope && bridgeEvent.ConferenceId.Length > scope.Length
                && bridgeEvent.ConferenceId[scope.Length] == '/' && bridgeEvent.ConferenceId.StartsWith(scope, StringComparison.Ordinal))
            {
                agent.OnBridgeEvent(bridgeId, bridgeEvent);
                return;
            }
        }

        Interlocked.Increment(ref _unrouted);
    }
}
