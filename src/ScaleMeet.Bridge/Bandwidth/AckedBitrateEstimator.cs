namespace ScaleMeet.Bridge.Bandwidth;

/// <summary>
/// Delivery rate seen by the receiver: bytes of packets reported received over a sliding window of their arrival
/// times (receiver clock, µs). The rate is measured over the span the window's packets actually cover, so a
/// sender resuming after a pause is not under-measured; it is unknown (0) until that span reaches a fifth of the
/// window. Loop-thread only; a preallocated ring, no allocation after construction.
/// </summary>
internal sealed class AckedBitrateEstimator
{
    private readonly long[] _times;
    private readonly int[] _sizes;
    private readonly long _window;
    private int _head;
    private int _count;
    private long _bytes;
    private long _latest = long.MinValue;

    public AckedBitrateEstimator(int capacity, long windowMicros)
    {
        _times = new long[capacity];
        _sizes = new int[capacity];
        _window = windowMicros;
    }

    /// <summary>Last measured rate, bits/s; 0 while unknown.</summary>
    public long BitsPerSecond { get; private set; }

    /// <summary>Adds one received packet. Arrivals earlier than the latest (reordering) count at the latest time.</summary>
    public void Add(long arrivalMicros, int size)
    {
        if (arrivalMicros < _latest)
        {
            arrivalMicros = _latest;
        }

        _latest = arrivalMicros;
        if (_count == _times.Length)
        {
            RemoveOldest();
        }

        var tail = (_head + _count) % _times.Length;
        _times[tail] = arrivalMicros;
        _sizes[tail] = size;
        _count++;
        _bytes += size;
        while (_count > 1 && _times[_head] < arrivalMicros - _window)
        {
            RemoveOldest();
        }
    }

    /// <summary>Recomputes <see cref="BitsPerSecond"/> from the window (call once per feedback).</summary>
    public void Update()
    {
        if (_count < 2)
        {
            return;
        }

        var span = _latest - _times[_head];
        if (span >= _window / 5)
        {
            // The first packet's bytes arrived before the span began.
            BitsPerSecond = (_bytes - _sizes[_head]) * 8 * 1_000_000 / span;
        }
    }

    /// <summary>Forgets the window (after a feedback gap, or when the receiver's clock jumps); keeps the last rate.</summary>
    public void Reset()
    {
        _head = 0;
        _count = 0;
        _bytes = 0;
        _latest = long.MinValue;
    }

    private void RemoveOldest()
    {
        _bytes -= _sizes[_head];
        _head = (_head + 1) % _times.Length;
        _count--;
    }
}
