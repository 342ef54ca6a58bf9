namespace ScaleMeet.Media.Rtp;

/// <summary>
/// Wrap-around arithmetic for 16-bit RTP sequence numbers (RFC 3550 §5.1, RFC 1982 serial numbers).
/// This is the only place in the code base that compares sequence numbers; use it everywhere else.
/// </summary>
public static class SequenceNumber
{
    /// <summary>
    /// True when <paramref name="a"/> comes after <paramref name="b"/> going forward by less than half the
    /// number space. Exactly half (0x8000 apart) counts as newer when <paramref name="a"/> is numerically larger,
    /// so that of two numbers exactly one is newer.
    /// </summary>
    public static bool IsNewer(ushort a, ushort b)
    {
        var diff = (ushort)(a - b);
        return diff == 0x8000 ? a > b : diff != 0 && diff < 0x8000;
    }

    /// <summary>The signed distance <c>a - b</c> taken the short way round the circle (−32768..32767).</summary>
    public static short Diff(ushort a, ushort b) => unchecked((short)(ushort)(a - b));
}
