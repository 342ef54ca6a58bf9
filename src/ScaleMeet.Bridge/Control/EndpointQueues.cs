namespace ScaleMeet.Bridge.Control;

/// <summary>
/// Runs work one item at a time per key (an endpoint), in the order it was queued; different keys run in parallel. A
/// key holds an entry only while work for it is queued or running. Work that fails or is abandoned by its caller
/// still releases the next. Thread-safe.
/// </summary>
internal sealed class EndpointQueues
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Queue> _queues = new(StringComparer.Ordinal);

    /// <summary>Keys with work queued or running.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_lock)
            {
                return _queues.Count;
            }
        }
    }

    /// <summary>Items queued or running for <paramref name="key"/>.</summary>
    public int Depth(string key)
    {
        lock (_lock)
        {
            return _queues.TryGetValue(key, out var queue) ? queue.Depth : 0;
        }
    }

    /// <summary>Runs <paramref name="work"/> after every item queued before it for <paramref name="key"/> has finished.</summary>
    public async Task<T> RunAsync<T>(string key, Func<Task<T>> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_lock)
        {
            if (!_queues.TryGetValue(key, out var queue))
            {
                queue = new Queue();
                _queues.Add(key, queue);
            }

            previous = queue.Tail;
            queue.Tail = done.Task;
            queue.Depth++;
        }

        try
        {
            // The tails are our own completion tasks: they never fault.
            await previous.ConfigureAwait(false);
            return await work().ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                var queue = _queues[key];
                if (--queue.Depth == 0)
                {
                    _queues.Remove(key);
                }
            }

            done.SetResult();
        }
    }

    private sealed class Queue
    {
        public Task Tail { get; set; } = Task.CompletedTask;

        public int Depth { get; set; }
    }
}
