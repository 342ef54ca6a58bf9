namespace ScaleMeet.Focus.Bridges;

/// <summary>
/// Where a registered bridge is in its life, as the focus sees it (docs/operations.md, "The bridge registry").
/// Connecting → Active → Draining → ShuttingDown, and Lost from any of them when the control channel closes or three
/// heartbeats in a row are missed. Only Active and Draining bridges take new participants (Draining ones last).
/// </summary>
public enum BridgeState
{
    /// <summary>The channel is open and the bridge authenticated; its first heartbeat has not arrived yet.</summary>
    Connecting,

    /// <summary>Healthy and taking conferences.</summary>
    Active,

    /// <summary>The bridge asked for no new conferences; existing ones continue.</summary>
    Draining,

    /// <summary>The bridge is leaving: nothing new goes there.</summary>
    ShuttingDown,

    /// <summary>Gone (channel closed or heartbeats stopped); its participants are re-invited elsewhere.</summary>
    Lost,
}
