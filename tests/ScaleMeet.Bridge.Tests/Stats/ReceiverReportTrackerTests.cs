using ScaleMeet.Bridge.Stats;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Tests.Stats;

/// <summary>Round-trip time from a receiver's LSR/DLSR echo, and outgoing loss from its fraction lost.</summary>
public sealed class ReceiverReportTrackerTests
{
    private const long Frequency = TimeSpan.TicksPerSecond;
    private const uint Ssrc = 0x1234_5678;
    private const uint CompactNtp = 0xA51B_0001; // middle 32 bits of the SR's NTP timestamp
    private static readonly long SentAt = TimeSpan.FromSeconds(100).Ticks;

    [Fact]
    public void EchoOfLastSr_HalfSecondHeld_RttIsElapsedMinusDlsr()
    {
        var tracker = new ReceiverReportTracker();
        tracker.OnSenderReportSent(CompactNtp, SentAt);
        var rr = Block(lsr: CompactNtp, dlsr: 0x8000); // 0x8000 / 65536 = 0.5 s held by the receiver

        Assert.True(tracker.TryRoundTrip(in rr, SentAt + TimeSpan.FromMilliseconds(620).Ticks, Frequency, out var rtt));

        Assert.Equal(TimeSpan.FromMilliseconds(120), rtt);
    }

    [Fact]
    public void EchoOfAnotherSr_NoSample()
    {
        var tracker = new ReceiverReportTracker();
        tracker.OnSenderReportSent(CompactNtp, SentAt);
        tracker.OnSenderReportSent(CompactNtp + 0x1_0000, SentAt + Frequency);
        var rr = Block(lsr: CompactNtp, dlsr: 0); // crossed the newer SR

        Assert.False(tracker.TryRoundTrip(in rr, SentAt + Frequency + 100, Frequency, out _));
    }

    [Fact]
    public void NoSrEchoed_LsrZero_NoSample()
    {
        var tracker = new ReceiverReportTracker();
        tracker.OnSenderReportSent(CompactNtp, SentAt);

        Assert.False(tracker.TryRoundTrip(Block(lsr: 0, dlsr: 0), SentAt + Frequency, Frequency, out _));
    }

    [Fact]
    public void NoSrSentYet_NoSample()
    {
        var tracker = new ReceiverReportTracker();

        Assert.False(tracker.TryRoundTrip(Block(lsr: CompactNtp, dlsr: 0), SentAt, Frequency, out _));
    }

    [Fact]
    public void DlsrRoundedAboveElapsed_RttZero()
    {
        var tracker = new ReceiverReportTracker();
        tracker.OnSenderReportSent(CompactNtp, SentAt);

        // held 0.5 s + one DLSR unit (15 µs), answered exactly 0.5 s after the SR: rounding, not a negative RTT
        Assert.True(tracker.TryRoundTrip(Block(lsr: CompactNtp, dlsr: 0x8001), SentAt + Frequency / 2, Frequency, out var rtt));
        Assert.Equal(TimeSpan.Zero, rtt);
    }

    [Fact]
    public void StaleEcho_MinutesOld_Ignored()
    {
        var tracker = new ReceiverReportTracker();
        tracker.OnSenderReportSent(CompactNtp, SentAt);

        Assert.False(tracker.TryRoundTrip(Block(lsr: CompactNtp, dlsr: 0), SentAt + TimeSpan.FromMinutes(2).Ticks, Frequency, out _));
    }

    [Fact]
    public void LossReports_FractionOverAdvance_LostPackets()
    {
        var tracker = new ReceiverReportTracker();
        tracker.OnLossReport(Block(highest: 1_000, fraction: 0), out var expected0, out var lost0);

        tracker.OnLossReport(Block(highest: 1_200, fraction: 64), out var expected1, out var lost1); // 64/256 = 25 %
        tracker.OnLossReport(Block(highest: 1_300, fraction: 26), out var expected2, out var lost2); // 26/256 × 100 = 10.16 → 10

        Assert.Equal((0L, 0L), (expected0, lost0));
        Assert.Equal((200L, 50L), (expected1, lost1));
        Assert.Equal((100L, 10L), (expected2, lost2));
    }

    [Fact]
    public void LossReports_HighestNotAdvanced_CoverNothing()
    {
        var tracker = new ReceiverReportTracker();
        tracker.OnLossReport(Block(highest: 5_000, fraction: 0), out _, out _);

        tracker.OnLossReport(Block(highest: 5_000, fraction: 255), out var expectedSame, out var lostSame);
        tracker.OnLossReport(Block(highest: 4_990, fraction: 255), out var expectedOlder, out var lostOlder);

        Assert.Equal((0L, 0L), (expectedSame, lostSame));
        Assert.Equal((0L, 0L), (expectedOlder, lostOlder));
    }

    [Fact]
    public void LossReports_ExtendedSequenceWraps16Bits_AdvanceCounted()
    {
        var tracker = new ReceiverReportTracker();
        tracker.OnLossReport(Block(highest: 0x0000_FFF0, fraction: 0), out _, out _);

        tracker.OnLossReport(Block(highest: 0x0001_0010, fraction: 128), out var expected, out var lost);

        Assert.Equal((32L, 16L), (expected, lost));
    }

    private static ReportBlock Block(uint lsr = 0, uint dlsr = 0, uint highest = 0, byte fraction = 0) =>
        new(Ssrc, fraction, 0, highest, 0, lsr, dlsr);
}
