using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// Writes subscribe offers off the media loop: the loop hands over a <see cref="SubscribeOfferSnapshot"/> and goes on
/// with media; a thread-pool thread writes the SDP and raises the <see cref="SubscribeOfferEvent"/>. One receiver has
/// at most one offer outstanding and the next is made only after its answer, so writes for one receiver never
/// overlap and its events keep their order. Threading: <see cref="Post"/> from the loop; writing on the thread pool.
/// </summary>
internal sealed partial class SubscribeOfferPublisher(string bridgeId, IBridgeEventSink events, ILogger log)
{
    private long _written;

    /// <summary>Offers written and raised since start (any thread).</summary>
    public long Written => Interlocked.Read(ref _written);

    public void Post(SubscribeOfferSnapshot snapshot) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Publisher.Write(state.Snapshot), (Publisher: this, Snapshot: snapshot), preferLocal: false);

    private void Write(SubscribeOfferSnapshot snapshot)
    {
        try
        {
            var sdp = SubscribeOfferWriter.Write(snapshot, out var tracks);
            events.OnBridgeEvent(bridgeId, new SubscribeOfferEvent(snapshot.Conference.Id, snapshot.EndpointId, sdp, snapshot.Version, tracks) { Generation = snapshot.Conference.Generation });
            Interlocked.Increment(ref _written);
        }
        catch (Exception ex)
        {
            // A bug (or a failing event sink) must not take the process down from a thread-pool thread.
            Log.WriteFailed(log, ex, snapshot.EndpointId, snapshot.Version);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Writing subscribe offer {Version} for {EndpointId} failed")]
        public static partial void WriteFailed(ILogger logger, Exception exception, string endpointId, int version);
    }
}
