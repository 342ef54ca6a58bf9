namespace ScaleMeet.Bridge.Bandwidth;

/// <summary>
/// Tuning of <see cref="SendSideBandwidthEstimator"/>. Rates are in bits per second, durations are
/// <see cref="TimeSpan"/>s (turned into microseconds once, in the estimator's constructor). The defaults follow
/// Google Congestion Control (draft-ietf-rmcat-gcc-02 and libwebrtc's constants); <see cref="Validate"/> names
/// the first setting that is out of range.
/// </summary>
internal sealed class BandwidthEstimatorOptions
{
    /// <summary>Estimate before any feedback, bits/s. Default 1 000 000.</summary>
    public long InitialBitrate { get; set; } = 1_000_000;

    /// <summary>The estimate never goes below this, bits/s. Default 100 000 (one low layer plus audio).</summary>
    public long MinBitrate { get; set; } = 100_000;

    /// <summary>The estimate never goes above this, bits/s. Default 20 000 000.</summary>
    public long MaxBitrate { get; set; } = 20_000_000;

    /// <summary>Sent packets remembered for matching feedback; a power of two. Default 8192 (≈ 4 s at 20 Mbit/s).</summary>
    public int HistorySize { get; set; } = 8192;

    /// <summary>Packets sent within this span of the first one form one group for delay variation. Default 5 ms.</summary>
    public TimeSpan GroupSpan { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Groups in the trendline regression window. Default 20.</summary>
    public int TrendlineWindow { get; set; } = 20;

    /// <summary>Exponential smoothing of the accumulated delay before the regression, 0..1. Default 0.9.</summary>
    public double TrendlineSmoothing { get; set; } = 0.9;

    /// <summary>Gain applied to the trend (slope × min(groups, 60) × gain) before the threshold. Default 4.</summary>
    public double TrendlineGain { get; set; } = 4.0;

    /// <summary>Starting overuse threshold, ms (it adapts between 6 and 600 ms). Default 12.5.</summary>
    public double InitialThresholdMs { get; set; } = 12.5;

    /// <summary>Overuse must persist this long (in send time) before it is reported. Default 10 ms.</summary>
    public TimeSpan OveruseTime { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>On overuse the delay-based rate becomes this fraction of the acked rate. Default 0.85.</summary>
    public double OveruseBackoff { get; set; } = 0.85;

    /// <summary>Delay-based decreases are at least this far apart. Default 200 ms (libwebrtc's cap on one RTT).</summary>
    public TimeSpan DecreaseInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Multiplicative increase per second while delay is normal and loss low. Default 1.08 (8 %/s).</summary>
    public double IncreaseFactorPerSecond { get; set; } = 1.08;

    /// <summary>Longest time one increase step is credited for. Default 1 s.</summary>
    public TimeSpan MaxIncreaseStep { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Loss fraction above which the estimate is cut by half the loss. Default 0.10.</summary>
    public double HighLossFraction { get; set; } = 0.10;

    /// <summary>Loss fraction below which the estimate may grow. Default 0.02.</summary>
    public double LowLossFraction { get; set; } = 0.02;

    /// <summary>
    /// A loss measurement closes after this many reported packets. Default 100: with fewer, 5 % random loss
    /// looks like 10 % too often (one feedback interval holds only 5–30 packets at video rates).
    /// </summary>
    public int LossWindowPackets { get; set; } = 100;

    /// <summary>…or after this long with at least <see cref="LossWindowMinPackets"/> reported. Default 1 s.</summary>
    public TimeSpan LossWindowMaxDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Fewest reported packets a loss measurement needs. Default 20.</summary>
    public int LossWindowMinPackets { get; set; } = 20;

    /// <summary>Loss-based decreases are at least this far apart. Default 300 ms.</summary>
    public TimeSpan LossDecreaseInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Span of receive time over which the acked (delivery) rate is measured. Default 500 ms.</summary>
    public TimeSpan AckedWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Span of send time over which our own send rate is measured. Default 500 ms.</summary>
    public TimeSpan SendRateWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Increases stop at this multiple of the acked rate (plus <see cref="AckedMargin"/>). Default 1.5.</summary>
    public double AckedRatioCap { get; set; } = 1.5;

    /// <summary>Added to the acked-rate caps, bits/s. Default 10 000.</summary>
    public long AckedMargin { get; set; } = 10_000;

    /// <summary>
    /// The sender counts as application-limited when it sent less than this fraction of the estimate over
    /// <see cref="SendRateWindow"/> (the allocator picked layers below the estimate). Default 0.75.
    /// </summary>
    public double ApplicationLimitedFraction { get; set; } = 0.75;

    /// <summary>
    /// While application-limited the estimate keeps growing (at <see cref="IncreaseFactorPerSecond"/>) up to
    /// this multiple of the acked rate, so the allocator can step up one layer at a time (one source going from
    /// 150 kbit/s to 500 kbit/s needs 3.3×). Default 4.
    /// </summary>
    public double ApplicationLimitedRatioCap { get; set; } = 4.0;

    /// <summary>No feedback for longer than this is a gap: hold, and restart delay measurement. Default 1 s.</summary>
    public TimeSpan FeedbackGap { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A change of the estimate larger than this fraction is significant. Default 0.15.</summary>
    public double SignificantChangeFraction { get; set; } = 0.15;

    /// <summary>Returns the first problem found, naming the setting, or null when the options are usable.</summary>
    public string? Validate()
    {
        if (MinBitrate <= 0 || MaxBitrate < MinBitrate || InitialBitrate < MinBitrate || InitialBitrate > MaxBitrate)
        {
            return $"Bandwidth: need 0 < MinBitrate ≤ InitialBitrate ≤ MaxBitrate (were {MinBitrate}, {InitialBitrate}, {MaxBitrate})";
        }

        if (HistorySize < 64 || (HistorySize & (HistorySize - 1)) != 0)
        {
            return $"Bandwidth:HistorySize must be a power of two ≥ 64 (was {HistorySize})";
        }

        if (TrendlineWindow < 2 || TrendlineSmoothing is < 0 or >= 1 || TrendlineGain <= 0 || InitialThresholdMs <= 0)
        {
            return "Bandwidth: TrendlineWindow ≥ 2, TrendlineSmoothing in [0, 1), TrendlineGain > 0, InitialThresholdMs > 0";
        }

        if (OveruseBackoff is <= 0 or >= 1 || IncreaseFactorPerSecond < 1)
        {
            return "Bandwidth: OveruseBackoff must be in (0, 1) and IncreaseFactorPerSecond ≥ 1";
        }

        if (LowLossFraction < 0 || HighLossFraction < LowLossFraction || HighLossFraction > 1)
        {
            return "Bandwidth: need 0 ≤ LowLossFraction ≤ HighLossFraction ≤ 1";
        }

        if (LossWindowMinPackets < 1 || LossWindowPackets < LossWindowMinPackets)
        {
            return "Bandwidth: need 1 ≤ LossWindowMinPackets ≤ LossWindowPackets";
        }

        if (AckedRatioCap < 1 || ApplicationLimitedRatioCap < AckedRatioCap || AckedMargin < 0
            || ApplicationLimitedFraction is <= 0 or > 1 || SignificantChangeFraction <= 0)
        {
            return "Bandwidth: need 1 ≤ AckedRatioCap ≤ ApplicationLimitedRatioCap, AckedMargin ≥ 0, "
                + "ApplicationLimitedFraction in (0, 1], SignificantChangeFraction > 0";
        }

        return GroupSpan <= TimeSpan.Zero || OveruseTime < TimeSpan.Zero || DecreaseInterval < TimeSpan.Zero
            || MaxIncreaseStep <= TimeSpan.Zero || LossWindowMaxDuration <= TimeSpan.Zero
            || LossDecreaseInterval < TimeSpan.Zero || AckedWindow <= TimeSpan.Zero || SendRateWindow <= TimeSpan.Zero
            || FeedbackGap <= TimeSpan.Zero
            ? "Bandwidth: every duration must be positive (GroupSpan, MaxIncreaseStep, windows, FeedbackGap) or ≥ 0"
            : null;
    }

    internal static long Micros(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;
}
