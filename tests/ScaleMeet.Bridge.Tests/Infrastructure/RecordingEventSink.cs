using ScaleMeet.Contracts.Control;
using ScaleMeet.LoadTest.Peers;

namespace ScaleMeet.Bridge.Tests.Infrastructure;

/// <summary>The test's view of the bridge's events: every event recorded (SubscribeOfferEvent, EndpointExpiredEvent), waitable.</summary>
internal sealed class RecordingEventSink : IBridgeEventSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(BridgeEvent Event, int ThreadId)> _threads = new();
    private int _foreignEvents;

    public BridgeEventRecorder Recorder { get; } = new();

    /// <summary>Events that named another bridge id (should stay 0).</summary>
    public int ForeignEvents => Volatile.Read(ref _foreignEvents);

    public IReadOnlyList<BridgeEvent> Events => Recorder.Events;

    public IReadOnlyList<EndpointExpiredEvent> Expired => Events.OfType<EndpointExpiredEvent>().ToArray();

    /// <summary>Every event with the managed thread it was raised on.</summary>
    public IReadOnlyList<(BridgeEvent Event, int ThreadId)> EventThreads => _threads.ToArray();

    public void OnBridgeEvent(string bridgeId, BridgeEvent bridgeEvent)
    {
        // Never assert here: this runs on the bridge's loop thread (or the thread that wrote a subscribe offer).
        if (bridgeId != BridgeHarness.BridgeId)
        {
            Interlocked.Increment(ref _foreignEvents);
        }

        _threads.Enqueue((bridgeEvent, Environment.CurrentManagedThreadId));
        Recorder.OnBridgeEvent(bridgeId, bridgeEvent);
    }
}
