namespace ScaleMeet.Media.Rtp;

/// <summary>
/// Turns 16-bit RTP sequence numbers into a monotonic 64-bit count (RFC 3550 Appendix A.1 keeps a cycle counter
/// for the same purpose). Each number is placed at the position nearest to the last one returned, so packets
/// reordered across a wrap (65535 arriving after 0) unwrap to just below it instead of a whole cycle ahead.
/// The first value unwraps to itself; a packet older than the first one can unwrap below zero. A default instance is ready to use; not thread-safe (one per stream).
/// </summary>
public struct SequenceUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>The last value returned by <see cref="Unwrap"/>, or null before the first call.</summary>
    public readonly long? Last => _started ? _last : null;

    /// <summary>Unwraps <paramref name="seq"/> relative to the previous value and remembers it.</summary>
    public long Unwrap(ushort seq)
    {
        if (!_started)
        {
            _started = true;
            _last = seq;
            return seq;
        }

        _last += SequenceNumber.Diff(seq, (ushort)_last);
        return _last;
    }

    /// <summary>What <see cref="Unwrap"/> would return, without changing state.</summary>
    public readonly long Peek(ushort seq) => _started ? _last + SequenceNumber.Diff(seq, (ushort)_last) : seq;
}
