namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// When the recent retransmissions of one consumer went out, by the receiver's sequence number, so a packet is resent
/// at most once per round trip however often (and in however many NACKs, or items of one NACK) it is asked for.
/// A direct-mapped table of <see cref="Size"/> entries, allocated at the consumer's first NACK: numbers 256 apart
/// share an entry, which only matters past 256 resends within one round trip — far beyond the byte budget.
/// Loop thread only.
/// </summary>
internal sealed class ResendHistory
{
    public const int Size = 256;

    private ushort[]? _sequence;
    private long[]? _sentAt;

    /// <summary>True when <paramref name="sequence"/> was resent less than <paramref name="intervalTicks"/> before <paramref name="now"/>.</summary>
    public bool WasResentWithin(ushort sequence, long now, long intervalTicks)
    {
        if (_sentAt is null)
        {
            return false;
        }

        var slot = sequence & (Size - 1);
        return _sentAt[slot] != 0 && _sequence![slot] == sequence && now - _sentAt[slot] < intervalTicks;
    }

    /// <summary>Remembers that <paramref name="sequence"/> was resent at <paramref name="now"/> (a loop timestamp, never 0).</summary>
    public void OnResent(ushort sequence, long now)
    {
        _sequence ??= new ushort[Size];
        _sentAt ??= new long[Size];
        var slot = sequence & (Size - 1);
        _sequence[slot] = sequence;
        _sentAt[slot] = now;
    }
}
