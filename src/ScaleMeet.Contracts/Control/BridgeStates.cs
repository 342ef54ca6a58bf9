namespace ScaleMeet.Contracts.Control;

/// <summary>The bridge's own state as heartbeats carry it.</summary>
public static class BridgeStates
{
    public const string Running = "running";
    public const string Draining = "draining";
    public const string ShuttingDown = "shutting-down";
}
