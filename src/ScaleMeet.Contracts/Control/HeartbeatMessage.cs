namespace ScaleMeet.Contracts.Control;

/// <summary>Sent by the bridge every heartbeat interval: its state and statistics.</summary>
public sealed record HeartbeatMessage(BridgeStatus Status) : ControlMessage;
