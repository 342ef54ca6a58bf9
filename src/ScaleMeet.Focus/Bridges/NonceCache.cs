namespace ScaleMeet.Focus.Bridges;

/// <summary>
/// The hello nonces seen within the clock-skew window, so a recorded hello cannot be played again. Bounded by
/// <c>capacity</c>: when full, the oldest go first (a flood of valid hellos needs the secret anyway).
/// Thread-safe (one lock; hellos are rare).
/// </summary>
internal sealed class NonceCache(TimeSpan window, int capacity, TimeProvider time)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Nonce, long At)> _order = new();

    /// <summary>Remembers <paramref name="nonce"/>; false when it was seen within the window.</summary>
    public bool TryAdd(string nonce)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            while (_order.Count > 0 && (time.GetElapsedTime(_order.Peek().At, now) > window || _order.Count >= capacity))
            {
                var (old, _) = _order.Dequeue();
                _seen.Remove(old);
            }

            if (!_seen.TryAdd(nonce, now))
            {
                return false;
            }

            _order.Enqueue((nonce, now));
            return true;
        }
    }
}
