namespace ScaleMeet.Contracts.Control;

/// <summary>Constants of the focus ⇄ bridge control protocol (docs/protocol.md, "Control v2").</summary>
public static class ControlProtocol
{
    /// <summary>The protocol version in every envelope; a peer speaking another is refused (<c>unsupported_version</c>).</summary>
    public const int Version = 2;

    /// <summary>The focus's WebSocket path that bridges dial.</summary>
    public const string Path = "/bridge";

    /// <summary>
    /// The largest control message either side reads (1 MiB): a subscribe offer for a 100-participant room is about
    /// 150 KB. A larger one is answered with <c>error malformed</c> and dropped.
    /// </summary>
    public const int MaxMessageBytes = 1024 * 1024;
}
