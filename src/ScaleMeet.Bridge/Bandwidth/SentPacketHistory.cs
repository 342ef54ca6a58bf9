using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Bandwidth;

/// <summary>What feedback has said so far about one sent packet.</summary>
internal enum SentPacketState : byte
{
    Unreported,
    Lost,
    Received,
}

/// <summary>One sent packet: unwrapped transport-wide sequence number, size, send time (µs), feedback state.</summary>
internal struct SentPacket
{
    public long Sequence;
    public int Size;
    public long SendTime;
    public SentPacketState State;
}

/// <summary>
/// A preallocated ring of the last sent packets, indexed by unwrapped transport-wide sequence number &amp; mask,
/// plus our own send rate over a sliding window of send time. Loop-thread only; allocates only in the constructor.
/// Sequence numbers are unwrapped in send order (we stamp them consecutively); feedback is looked up relative to
/// the newest sent number, so a number never sent, or sent so long ago its slot was reused, is not found.
/// </summary>
internal sealed class SentPacketHistory
{
    private readonly SentPacket[] _ring;
    private readonly long _mask;
    private readonly long _window;
    private SequenceUnwrapper _unwrapper;
    private long _newest = -1;
    private long _oldestInWindow;
    private long _windowBytes;
    private long _firstSendTime = -1;

    /// <param name="size">Ring size, a power of two.</param>
    /// <param name="sendRateWindowMicros">Span of send time the send rate is measured over.</param>
    public SentPacketHistory(int size, long sendRateWindowMicros)
    {
        _ring = new SentPacket[size];
        _mask = size - 1;
        _window = sendRateWindowMicros;
        for (var i = 0; i < size; i++)
        {
            _ring[i].Sequence = -1;
        }
    }

    /// <summary>Records a sent packet.</summary>
    public void Add(ushort sequence, int size, long sendTime)
    {
        var unwrapped = _unwrapper.Unwrap(sequence);
        if (_firstSendTime < 0)
        {
            _firstSendTime = sendTime;
            _oldestInWindow = unwrapped;
        }

        if (unwrapped <= _newest)
        {
            // The same number again (a caller bug) or older: keep the ring as it is, count nothing twice.
            return;
        }

        if (unwrapped - _newest > _ring.Length)
        {
            _oldestInWindow = unwrapped;
            _windowBytes = 0;
        }

        // The slot about to be reused may still be inside the rate window: take it out first.
        Evict(sendTime, unwrapped - _ring.Length);
        ref var slot = ref _ring[unwrapped & _mask];
        slot.Sequence = unwrapped;
        slot.Size = size;
        slot.SendTime = sendTime;
        slot.State = SentPacketState.Unreported;
        _newest = unwrapped;
        _windowBytes += size;
    }

    /// <summary>
    /// The record of <paramref name="sequence"/>, or a null reference when it was never sent or was overwritten.
    /// </summary>
    public ref SentPacket Find(ushort sequence)
    {
        if (_newest < 0)
        {
            return ref System.Runtime.CompilerServices.Unsafe.NullRef<SentPacket>();
        }

        var unwrapped = _unwrapper.Peek(sequence);
        ref var slot = ref _ring[unwrapped & _mask];
        if (unwrapped > _newest || unwrapped < 0 || slot.Sequence != unwrapped)
        {
            return ref System.Runtime.CompilerServices.Unsafe.NullRef<SentPacket>();
        }

        return ref slot;
    }

    /// <summary>Bits per second we sent over the last window before <paramref name="now"/> (0 before any packet).</summary>
    public long SendBitsPerSecond(long now)
    {
        if (_firstSendTime < 0)
        {
            return 0;
        }

        Evict(now, long.MinValue);
        var span = Math.Clamp(now - _firstSendTime, _window / 5, _window);
        return _windowBytes * 8 * 1_000_000 / Math.Max(span, 1);
    }

    private void Evict(long now, long mustPass)
    {
        var limit = now - _window;
        while (_oldestInWindow <= _newest)
        {
            ref var slot = ref _ring[_oldestInWindow & _mask];
            var present = slot.Sequence == _oldestInWindow;
            if (present && slot.SendTime >= limit && _oldestInWindow > mustPass)
            {
                break;
            }

            if (present)
            {
                _windowBytes -= slot.Size;
            }

            _oldestInWindow++;
        }
    }
}
