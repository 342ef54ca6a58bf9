using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Focus.Tests.Bridges;

/// <summary>
/// The bridge's end of an in-memory control channel, driven by hand: the test writes envelopes (or raw bytes) and
/// reads what the focus answers. Every wait is bounded.
/// </summary>
internal sealed class RawBridgePeer(InMemoryControlChannel channel)
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public InMemoryControlChannel Channel { get; } = channel;

    public Task SendAsync(ControlMessage message, long id, long? replyTo = null, int version = ControlProtocol.Version) =>
        SendRawAsync(ControlCodec.Encode(new ControlEnvelope(version, id, message, replyTo)));

    public async Task SendRawAsync(byte[] bytes) => await Channel.SendAsync(bytes, CancellationToken.None);

    /// <summary>The next envelope from the focus, or null when it closed the channel.</summary>
    public async Task<ControlEnvelope?> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        var bytes = await Channel.ReceiveAsync(timeout.Token);
        if (bytes is null)
        {
            return null;
        }

        Assert.True(ControlCodec.TryDecode(bytes.Value.Span, out var envelope, out var error), error?.Message);
        return envelope;
    }

    /// <summary>The next envelope, which must carry a <typeparamref name="T"/>.</summary>
    public async Task<(T Message, ControlEnvelope Envelope)> NextAsync<T>()
        where T : ControlMessage
    {
        var envelope = await NextAsync();
        Assert.NotNull(envelope);
        return (Assert.IsType<T>(envelope.Message), envelope);
    }

    /// <summary>True once the focus closed the channel (messages still queued are read and dropped).</summary>
    public async Task<bool> ClosedAsync()
    {
        while (await NextAsync() is not null)
        {
        }

        return true;
    }

    public static HelloMessage Hello(string secret, string bridgeId, TimeProvider? time = null, string region = "") =>
        new(bridgeId, region, "1.0.0", ["127.0.0.1:10000"], 0.01, ControlAuth.Create(secret, bridgeId, time ?? TimeProvider.System));

    public static BridgeStatus Status(string state = BridgeStates.Running, double stress = 0.1, int participants = 0) =>
        new(state, true, stress, 0.01, participants, 0, 0, 0, 0, 0, 0, 0, 0);
}
