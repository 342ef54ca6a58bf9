using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Control;

/// <summary>
/// The replies of the last <c>capacity</c> requests of one control session, by request id: a request resent with an id
/// already seen gets the first one's reply (the same task while it still runs) instead of running twice.
/// Not thread-safe: the session's reader is its only user.
/// </summary>
internal sealed class ReplyCache(int capacity)
{
    private readonly Dictionary<long, Task<BridgeReply>> _replies = [];
    private readonly Queue<long> _order = new();

    public bool TryGet(long requestId, out Task<BridgeReply> reply) => _replies.TryGetValue(requestId, out reply!);

    public void Add(long requestId, Task<BridgeReply> reply)
    {
        if (_replies.TryAdd(requestId, reply))
        {
            _order.Enqueue(requestId);
            while (_order.Count > capacity)
            {
                _replies.Remove(_order.Dequeue());
            }
        }
    }

    public int Count => _replies.Count;
}
