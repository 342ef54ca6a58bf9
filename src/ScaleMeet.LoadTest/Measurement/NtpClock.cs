using System.Diagnostics;

namespace ScaleMeet.LoadTest.Measurement;

/// <summary>
/// NTP time (RFC 3550 §4: seconds since 1900 in 32.32 fixed point) from the wall clock at start plus a monotonic
/// stopwatch, so it never jumps backwards while a run lasts.
/// </summary>
public static class NtpClock
{
    private static readonly DateTime s_epoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly double s_startSeconds = (DateTime.UtcNow - s_epoch).TotalSeconds;
    private static readonly long s_startTicks = Stopwatch.GetTimestamp();

    /// <summary>The current 64-bit NTP timestamp.</summary>
    public static ulong Now()
    {
        var seconds = s_startSeconds + Stopwatch.GetElapsedTime(s_startTicks).TotalSeconds;
        var whole = Math.Floor(seconds);
        return ((ulong)whole << 32) | (uint)((seconds - whole) * 4294967296.0);
    }

    /// <summary>The middle 32 bits of <see cref="Now"/> (what LSR echoes).</summary>
    public static uint NowCompact() => (uint)(Now() >> 16);
}
