namespace ScaleMeet.Contracts.Control;

/// <summary>
/// How the focus reaches one bridge. The embedded bridge implements it in process; a remote bridge
/// implements it over its authenticated control channel. Events flow back through <see cref="IBridgeEventSink"/>.
/// </summary>
public interface IBridgeControl
{
    string BridgeId { get; }

    /// <summary>Sends one request; never throws for a refused request (that is a <see cref="BridgeErrorReply"/>).</summary>
    Task<BridgeReply> SendAsync(BridgeRequest request, CancellationToken cancellationToken);
}

/// <summary>Receives a bridge's events. Implementations must be thread-safe and must not block.</summary>
public interface IBridgeEventSink
{
    void OnBridgeEvent(string bridgeId, BridgeEvent bridgeEvent);
}
