namespace ScaleMeet.Bridge.Stats;

/// <summary>The bridge's operator-set states, written by any thread and read by the loop when it samples.</summary>
internal sealed class BridgeFlags
{
    private volatile bool _draining;
    private volatile bool _shuttingDown;

    public bool Draining
    {
        get => _draining;
        set => _draining = value;
    }

    public bool ShuttingDown
    {
        get => _shuttingDown;
        set => _shuttingDown = value;
    }
}
