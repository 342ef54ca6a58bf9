using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge;

/// <summary>
/// The SFU. The focus drives it only through <see cref="IBridgeControl"/>; events go to the sink.
/// </summary>
public sealed class MediaBridge : IBridgeControl, IAsyncDisposable
{
    private readonly BridgeOptions _options;
    private readonly IBridgeEventSink _events;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;

    public MediaBridge(string bridgeId, BridgeOptions options, IBridgeEventSink events, ILoggerFactory loggerFactory, TimeProvider time)
    {
        BridgeId = bridgeId;
        _options = options;
        _events = events;
        _loggers = loggerFactory;
        _time = time;
    }

    public string BridgeId { get; }

    /// <summary>Binds the media socket and starts the loops. Throws <see cref="InvalidOperationException"/> with a clear message when the port is taken.</summary>
    public void Start()
    {
    }

    /// <summary>Counts of live state, for health pages and for tests that assert state is freed.</summary>
    public BridgeSnapshot GetSnapshot() => new(0, 0);

    public Task<BridgeReply> SendAsync(BridgeRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<BridgeReply>(new BridgeErrorReply(BridgeErrorCodes.Internal, "not implemented"));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>What a bridge holds right now.</summary>
public sealed record BridgeSnapshot(int Conferences, int Endpoints);
