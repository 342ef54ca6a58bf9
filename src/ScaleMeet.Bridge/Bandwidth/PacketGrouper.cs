namespace ScaleMeet.Bridge.Bandwidth;

/// <summary>
/// Groups received packets into send-time bursts and yields the delay variation between consecutive groups
/// (draft-ietf-rmcat-gcc-02 §5.2: d(i) = t(i) − t(i−1) − (T(i) − T(i−1)), with T the send time and t the
/// arrival time of a group's last packet). A group is the packets sent within <c>groupSpan</c> of its first one;
/// a packet that arrives within that span of the group's last arrival and "catches up" (negative propagation
/// delta, i.e. it was queued behind the group) joins it too, as in libwebrtc, so one burst is not split by the
/// queue. Packets must come in send order; one sent before the current group started (late feedback) is skipped.
/// Times in µs; the arrival clock is the receiver's.
/// </summary>
internal sealed class PacketGrouper
{
    private const long MaxBurstDuration = 100_000;

    private readonly long _groupSpan;
    private Group _current;
    private Group _previous;

    public PacketGrouper(long groupSpanMicros) => _groupSpan = groupSpanMicros;

    /// <summary>
    /// Adds a packet. True when it closed a group that has a predecessor: then the deltas between the two are out
    /// (<paramref name="groupArrival"/> is that group's last arrival). Pairs with a negative arrival delta (reordered
    /// on the path) are dropped.
    /// </summary>
    public bool Add(long sendTime, long arrival, out long sendDelta, out long arrivalDelta,
        out long groupArrival)
    {
        sendDelta = arrivalDelta = groupArrival = 0;
        if (!_current.Valid)
        {
            _current = new Group(sendTime, arrival);
            return false;
        }

        if (sendTime < _current.FirstSend)
        {
            return false;
        }

        if (BelongsToCurrent(sendTime, arrival))
        {
            _current.LastSend = Math.Max(_current.LastSend, sendTime);
            _current.LastArrival = Math.Max(_current.LastArrival, arrival);
            return false;
        }

        var ready = false;
        if (_previous.Valid)
        {
            sendDelta = _current.LastSend - _previous.LastSend;
            arrivalDelta = _current.LastArrival - _previous.LastArrival;
            groupArrival = _current.LastArrival;
            ready = arrivalDelta >= 0;
        }

        _previous = _current;
        _current = new Group(sendTime, arrival);
        return ready;
    }

    /// <summary>Forgets both groups (after a gap, so no delta spans it).</summary>
    public void Reset()
    {
        _current = default;
        _previous = default;
    }

    private bool BelongsToCurrent(long sendTime, long arrival)
    {
        if (sendTime - _current.FirstSend <= _groupSpan)
        {
            return true;
        }

        var arrivalDelta = arrival - _current.LastArrival;
        var propagationDelta = arrivalDelta - (sendTime - _current.LastSend);
        return propagationDelta < 0 && arrivalDelta <= _groupSpan
            && arrival - _current.FirstArrival < MaxBurstDuration;
    }

    private struct Group
    {
        public long FirstSend;
        public long LastSend;
        public long FirstArrival;
        public long LastArrival;
        public bool Valid;

        public Group(long send, long arrival)
        {
            FirstSend = LastSend = send;
            FirstArrival = LastArrival = arrival;
            Valid = true;
        }
    }
}
