using ScaleMeet.Contracts.Control;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// An <see cref="IBridgeEventSink"/> that keeps every event and lets callers wait for one. Thread-safe; never blocks
/// the bridge (waiters are woken with continuations that run elsewhere).
/// </summary>
public sealed class BridgeEventRecorder : IBridgeEventSink
{
    private readonly object _gate = new();
    private readonly List<BridgeEvent> _events = [];
    private readonly List<(Func<BridgeEvent, bool> Match, TaskCompletionSource<BridgeEvent> Done)> _waiters = [];

    /// <summary>A copy of the events so far, in arrival order.</summary>
    public IReadOnlyList<BridgeEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToArray();
            }
        }
    }

    public void OnBridgeEvent(string bridgeId, BridgeEvent bridgeEvent)
    {
        List<TaskCompletionSource<BridgeEvent>>? matched = null;
        lock (_gate)
        {
            _events.Add(bridgeEvent);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(bridgeEvent))
                {
                    (matched ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        matched?.ForEach(done => done.TrySetResult(bridgeEvent));
    }

    /// <summary>The first event (already recorded or still to come) of type <typeparamref name="T"/> matching <paramref name="match"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
        where T : BridgeEvent
    {
        bool Matches(BridgeEvent e) => e is T t && match(t);
        TaskCompletionSource<BridgeEvent> done;
        lock (_gate)
        {
            var existing = _events.FirstOrDefault(Matches);
            if (existing is not null)
            {
                return (T)existing;
            }

            done = new TaskCompletionSource<BridgeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((Matches, done));
        }

        try
        {
            return (T)await done.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }

            throw new TimeoutException($"No matching {typeof(T).Name} within {timeout.TotalSeconds:0.#} s; events so far: {string.Join(", ", Events.Select(e => e.GetType().Name + "(" + e.EndpointId + ")"))}");
        }
    }

    /// <summary>The subscribe offer for <paramref name="endpointId"/> with a version above <paramref name="afterVersion"/>.</summary>
    public Task<SubscribeOfferEvent> WaitForSubscribeOfferAsync(string endpointId, int afterVersion, TimeSpan timeout) =>
        WaitForAsync<SubscribeOfferEvent>(e => e.EndpointId == endpointId && e.Version > afterVersion, timeout);
}
