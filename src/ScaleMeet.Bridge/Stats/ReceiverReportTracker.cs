using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// What one consumer's receiver tells about the stream the bridge sends it, from its RTCP report blocks
/// (RFC 3550 §6.4): the round-trip time (the bridge remembers when it sent its last translated SR and that SR's
/// compact NTP; an RR echoing it as LSR gives rtt = now − sent − DLSR), and how many packets it lost.
/// Only the last SR is remembered: a report that crossed a newer SR gives no sample. Loop thread only.
/// </summary>
internal sealed class ReceiverReportTracker
{
    /// <summary>Round trips longer than this are taken as a stale or bogus echo and ignored.</summary>
    private static readonly TimeSpan MaxRoundTrip = TimeSpan.FromSeconds(60);

    private uint _lastSenderReportNtp;
    private long _lastSenderReportSentAt;
    private bool _haveHighest;
    private uint _lastHighest;

    /// <summary>Remembers a translated SR sent at loop timestamp <paramref name="sentAt"/> with compact NTP <paramref name="compactNtp"/>.</summary>
    public void OnSenderReportSent(uint compactNtp, long sentAt)
    {
        _lastSenderReportNtp = compactNtp;
        _lastSenderReportSentAt = sentAt;
    }

    /// <summary>
    /// The round-trip time from a report block that echoes the last SR sent (LSR), received at loop timestamp
    /// <paramref name="now"/> (<paramref name="frequency"/> ticks per second); false when it echoes none or another.
    /// A result slightly below zero (DLSR is rounded to 1/65536 s) is reported as 0.
    /// </summary>
    public bool TryRoundTrip(in ReportBlock block, long now, long frequency, out TimeSpan roundTrip)
    {
        roundTrip = TimeSpan.Zero;
        if (block.LastSenderReport == 0 || _lastSenderReportSentAt == 0 || block.LastSenderReport != _lastSenderReportNtp)
        {
            return false;
        }

        // In clock ticks, integers only: DLSR is in units of 1/65536 s.
        var sinceSent = now - _lastSenderReportSentAt;
        var held = (long)((Int128)block.DelaySinceLastSenderReport * frequency / 65536);
        if (sinceSent < 0 || sinceSent > (long)(MaxRoundTrip.TotalSeconds * frequency))
        {
            return false;
        }

        var ticks = Math.Max(0, sinceSent - held);
        roundTrip = TimeSpan.FromTicks((long)((Int128)ticks * TimeSpan.TicksPerSecond / frequency));
        return true;
    }

    /// <summary>
    /// The packets this block covers since the previous one (its extended highest sequence number advanced by
    /// <paramref name="expected"/>) and of those the lost ones (fraction lost × expected, rounded). The first block
    /// only sets the starting point; a block that did not advance covers nothing.
    /// </summary>
    public void OnLossReport(in ReportBlock block, out long expected, out long lost)
    {
        expected = 0;
        lost = 0;
        var highest = block.ExtendedHighestSequenceNumber;
        if (!_haveHighest)
        {
            _haveHighest = true;
            _lastHighest = highest;
            return;
        }

        var advanced = unchecked((int)(highest - _lastHighest));
        if (advanced <= 0)
        {
            return;
        }

        _lastHighest = highest;
        expected = advanced;
        lost = (block.FractionLost * (long)advanced + 128) / 256;
    }
}
