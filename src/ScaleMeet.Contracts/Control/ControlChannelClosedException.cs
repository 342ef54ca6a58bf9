namespace ScaleMeet.Contracts.Control;

/// <summary>A send on a control channel that is closed (by either side).</summary>
public sealed class ControlChannelClosedException(string message) : Exception(message);
