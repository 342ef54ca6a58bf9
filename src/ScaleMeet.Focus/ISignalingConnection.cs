using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus;

/// <summary>
/// One browser's signaling connection as the focus sees it. Implementations are thread-safe; the focus calls
/// them from one sender at a time per connection (its outbox), never while holding its own lock.
/// </summary>
public interface ISignalingConnection
{
    /// <summary>Queues one message for the browser. Must not wait for the network; a connection that cannot keep up closes itself.</summary>
    ValueTask SendAsync(SignalingMessage message);

    /// <summary>Closes the connection after the messages already queued; idempotent.</summary>
    void Close(string reason);
}
