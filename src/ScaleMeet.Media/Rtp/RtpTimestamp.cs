namespace ScaleMeet.Media.Rtp;

/// <summary>
/// Wrap-around arithmetic for 32-bit RTP timestamps (RFC 3550 §5.1), in units of the payload's clock rate.
/// </summary>
public static class RtpTimestamp
{
    /// <summary>
    /// True when <paramref name="a"/> is after <paramref name="b"/> by less than half the number space; at exactly
    /// half, the numerically larger one is newer.
    /// </summary>
    public static bool IsNewer(uint a, uint b)
    {
        var diff = a - b;
        return diff == 0x8000_0000u ? a > b : diff != 0 && diff < 0x8000_0000u;
    }

    /// <summary>The signed distance <c>a - b</c> in clock ticks taken the short way round.</summary>
    public static int Diff(uint a, uint b) => unchecked((int)(a - b));
}
