using System.Threading.Channels;

namespace ScaleMeet.Contracts.Control;

/// <summary>
/// A control channel inside one process (the all-in-one's embedded bridge): each message is copied as the bytes a
/// WebSocket would carry, so the embedded bridge speaks exactly the protocol remote bridges speak. Each direction
/// holds at most <see cref="Capacity"/> messages; a sender beyond that waits (the reader is the trusted other half).
/// </summary>
public sealed class InMemoryControlChannel : IControlChannel
{
    /// <summary>Messages one direction holds before a sender waits.</summary>
    public const int Capacity = 4096;

    private readonly Channel<byte[]> _incoming;
    private readonly Channel<byte[]> _outgoing;
    private readonly Shared _shared;

    private InMemoryControlChannel(Channel<byte[]> incoming, Channel<byte[]> outgoing, Shared shared)
    {
        _incoming = incoming;
        _outgoing = outgoing;
        _shared = shared;
    }

    /// <summary>Two connected ends: what one sends, the other receives.</summary>
    public static (InMemoryControlChannel First, InMemoryControlChannel Second) CreatePair()
    {
        var options = new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait };
        var a = Channel.CreateBounded<byte[]>(options);
        var b = Channel.CreateBounded<byte[]>(options);
        var shared = new Shared();
        return (new InMemoryControlChannel(a, b, shared), new InMemoryControlChannel(b, a, shared));
    }

    /// <summary>Why the channel was closed, once it is.</summary>
    public string? CloseReason => _shared.Reason;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        try
        {
            await _outgoing.Writer.WriteAsync(message.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ControlChannelClosedException($"the control channel is closed: {_shared.Reason}");
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (await _incoming.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_incoming.Reader.TryRead(out var message))
            {
                return message;
            }
        }

        return null;
    }

    public ValueTask CloseAsync(string reason)
    {
        _shared.Reason ??= reason;
        _incoming.Writer.TryComplete();
        _outgoing.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => CloseAsync("disposed");

    private sealed class Shared
    {
        public string? Reason { get; set; }
    }
}
