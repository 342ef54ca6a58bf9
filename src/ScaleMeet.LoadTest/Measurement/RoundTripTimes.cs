using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.LoadTest.Measurement;

/// <summary>
/// Round-trip time from RTCP (RFC 3550 §6.4.1): the server's report blocks about our streams carry the middle 32 bits
/// of our last SR's NTP time (LSR) and how long it held it (DLSR, 1/65536 s); RTT = now − LSR − DLSR.
/// NTP time here is the load generator's own clock (<see cref="NtpClock"/>), so both ends of the subtraction agree.
/// <para>Threading: <see cref="OnReportBlock"/> on a transport's receive thread, <see cref="TakeSum"/> from the sampler; one lock.</para>
/// </summary>
public sealed class RoundTripTimes
{
    private readonly object _lock = new();
    private double _sumMs;
    private int _count;
    private double _totalSumMs;
    private int _totalCount;

    /// <summary>Accounts a report block received at compact NTP time <paramref name="nowCompactNtp"/>; ignores blocks without an SR echo.</summary>
    public void OnReportBlock(in ReportBlock block, uint nowCompactNtp)
    {
        if (block.LastSenderReport == 0)
        {
            return;
        }

        var rtt = unchecked(nowCompactNtp - block.LastSenderReport - block.DelaySinceLastSenderReport);
        if (rtt > 65536u * 10)
        {
            return; // more than 10 s, or negative: a report about an SR we did not send, or clock wrap
        }

        var ms = rtt * 1000.0 / 65536.0;
        lock (_lock)
        {
            _sumMs += ms;
            _count++;
            _totalSumMs += ms;
            _totalCount++;
        }
    }

    /// <summary>Mean RTT since the previous call, ms; null when no report came.</summary>
    public double? TakeMean()
    {
        lock (_lock)
        {
            var mean = _count == 0 ? (double?)null : _sumMs / _count;
            _sumMs = 0;
            _count = 0;
            return mean;
        }
    }

    /// <summary>Sum and count since <see cref="ResetTotals"/>.</summary>
    public (double SumMs, int Count) Totals()
    {
        lock (_lock)
        {
            return (_totalSumMs, _totalCount);
        }
    }

    public void ResetTotals()
    {
        lock (_lock)
        {
            _totalSumMs = 0;
            _totalCount = 0;
        }
    }
}
