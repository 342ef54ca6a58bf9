namespace ScaleMeet.Bridge.Bandwidth;

/// <summary>What the delay-based detector concludes about the path's queue (GCC's overuse hypothesis).</summary>
internal enum BandwidthUsage
{
    /// <summary>Queueing delay is stable: the send rate fits the path.</summary>
    Normal,
    /// <summary>Queueing delay is shrinking: a queue is draining.</summary>
    Underusing,
    /// <summary>Queueing delay is growing: we send more than the path carries.</summary>
    Overusing,
}
