namespace ScaleMeet.Media.Srtp;

/// <summary>
/// Replay list of one SSRC (RFC 3711 §3.3.2): the highest authenticated index and a 64-bit mask of which of the 64
/// indexes at and below it were seen (bit d = highest - d). <see cref="Check"/> runs before authentication,
/// <see cref="Accept"/> only after it succeeded, so a forged packet never moves the window.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;

    private ulong _mask;

    /// <summary>Highest index accepted so far.</summary>
    public ulong Highest { get; private set; }

    public static SrtpReplayWindow StartingAt(ulong index) => new() { Highest = index, _mask = 1 };

    /// <summary>True if <paramref name="index"/> is new and not older than the window.</summary>
    public readonly bool Check(ulong index)
    {
        if (index > Highest)
        {
            return true;
        }
        ulong delta = Highest - index;
        return delta < Size && (_mask & (1UL << (int)delta)) == 0;
    }

    /// <summary>Marks an authenticated <paramref name="index"/> as seen, sliding the window forward if it is newer.</summary>
    public void Accept(ulong index)
    {
        if (index > Highest)
        {
            ulong shift = index - Highest;
            _mask = shift >= Size ? 1UL : (_mask << (int)shift) | 1UL;
            Highest = index;
        }
        else
        {
            ulong delta = Highest - index;
            if (delta < Size)
            {
                _mask |= 1UL << (int)delta;
            }
        }
    }
}
