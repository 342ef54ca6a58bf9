namespace ScaleMeet.Contracts.Control;

/// <summary>
/// One side of a focus ⇄ bridge control channel: whole UTF-8 JSON messages, in order. A WebSocket for a remote bridge,
/// <see cref="InMemoryControlChannel"/> for the embedded one — the same bytes either way.
/// Sends may come from several threads (implementations serialize them); one reader at a time.
/// </summary>
public interface IControlChannel : IAsyncDisposable
{
    /// <summary>Sends one message. Throws <see cref="ControlChannelClosedException"/> once the channel is closed.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>The next message, or null when the other side closed the channel.</summary>
    ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Closes the channel (both directions) with a reason for the other side's log. Idempotent.</summary>
    ValueTask CloseAsync(string reason);
}
