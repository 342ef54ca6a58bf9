using ScaleMeet.Bridge.Bandwidth;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Tests.Bandwidth;

/// <summary>The estimator driven directly with hand-made send times and transport-cc feedback.</summary>
public sealed class SendSideBandwidthEstimatorTests
{
    private const long Ms = 1_000;
    private const long Lost = TransportCc.NotReceived;

    private static void Feedback(SendSideBandwidthEstimator estimator, ushort baseSequence, ReadOnlySpan<long> arrivals,
        long now)
    {
        Span<byte> buffer = stackalloc byte[8192];
        Assert.True(TransportCc.TryWriteFromArrivals(buffer, 1, 2, baseSequence, 0, arrivals, out var written));
        Assert.True(TransportCc.TryParse(buffer[..written], out var feedback));
        estimator.OnFeedback(feedback, now);
    }

    /// <summary>Sends <paramref name="count"/> packets 10 ms apart from <paramref name="start"/>.</summary>
    private static void Send(SendSideBandwidthEstimator estimator, ushort first, int count, long start)
    {
        for (var i = 0; i < count; i++)
        {
            estimator.OnPacketSent((ushort)(first + i), 1_200, start + (i * 10 * Ms));
        }
    }

    /// <summary>Arrivals 30 ms after the send times of <see cref="Send"/>, every <paramref name="lostEvery"/>-th lost.</summary>
    private static long[] Arrivals(int count, long start, int lostEvery = 0)
    {
        var arrivals = new long[count];
        for (var i = 0; i < count; i++)
        {
            arrivals[i] = lostEvery > 0 && i % lostEvery == lostEvery - 1 ? Lost : start + (i * 10 * Ms) + (30 * Ms);
        }

        return arrivals;
    }

    [Fact]
    public void Feedback_ForSequencesNeverSentOrOverwritten_Ignored()
    {
        var options = new BandwidthEstimatorOptions { HistorySize = 64, LossWindowPackets = 20 };
        var estimator = new SendSideBandwidthEstimator(options);
        Feedback(estimator, 0, Arrivals(10, 0), 100 * Ms);
        Send(estimator, 0, 200, 0);

        Feedback(estimator, 1_000, new long[40], 2_100 * Ms);
        Feedback(estimator, 0, Arrivals(100, 0, lostEvery: 1), 2_200 * Ms);

        Assert.Equal(0, estimator.LossFraction);
        Assert.Equal(0, estimator.AckedBitsPerSecond);
        Assert.Equal(options.InitialBitrate, estimator.EstimateBitsPerSecond);

        // The last 64 are still known: a window of 40 closes with no loss.
        Feedback(estimator, 150, Arrivals(40, 1_500 * Ms), 2_300 * Ms);
        Assert.Equal(0, estimator.LossFraction);
        Assert.InRange(estimator.AckedBitsPerSecond, 900_000, 1_000_000);
    }

    [Fact]
    public void LostThenReceived_LaterFeedback_CountsAsReceived()
    {
        var recovered = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions());
        var control = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions());
        var first = Arrivals(60, 0);
        first.AsSpan(40).Fill(Lost);
        foreach (var estimator in new[] { recovered, control })
        {
            Send(estimator, 65_500, 120, 0);
            Feedback(estimator, 65_500, first, 700 * Ms);
        }

        var all = Arrivals(120, 0);
        Feedback(recovered, 4, all.AsSpan(40), 1_300 * Ms); // 65 500 + 40, wrapped
        Feedback(control, 24, all.AsSpan(60), 1_300 * Ms); // 65 500 + 60, wrapped

        Assert.Equal(0, recovered.LossFraction);
        Assert.Equal(20.0 / 120, control.LossFraction, 6);
    }

    [Fact]
    public void DuplicateFeedback_DeliveredAgain_CountedOnce()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions());
        Send(estimator, 0, 100, 0);
        var arrivals = Arrivals(100, 0, lostEvery: 3);

        Feedback(estimator, 0, arrivals, 1_100 * Ms);
        var afterFirst = estimator.EstimateBitsPerSecond;
        Feedback(estimator, 0, arrivals, 2_100 * Ms);

        Assert.Equal(33.0 / 100, estimator.LossFraction, 6);
        Assert.InRange(afterFirst, 820_000, 840_000); // 1 M × (1 − 0.33 / 2)
        Assert.Equal(afterFirst, estimator.EstimateBitsPerSecond);
    }

    [Fact]
    public void TakeSignificantChange_ComparesWithLastReportedValue()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions());
        Assert.False(estimator.TakeSignificantChange());
        var expected = new[] { false, true, false, true };

        // Each window of 100 packets with 20 % loss cuts the estimate by 10 %: 900 k, 810 k, 729 k, 656 k.
        for (var window = 0; window < 4; window++)
        {
            var start = window * 1_000 * Ms;
            Send(estimator, (ushort)(window * 100), 100, start);
            Feedback(estimator, (ushort)(window * 100), Arrivals(100, start, lostEvery: 5), start + (1_050 * Ms));

            Assert.Equal(expected[window], estimator.TakeSignificantChange());
            Assert.False(estimator.TakeSignificantChange());
        }

        Assert.InRange(estimator.EstimateBitsPerSecond, 650_000, 660_000);
    }

    [Fact]
    public void EverythingLost_ManyWindows_EstimateStopsAtMinimum()
    {
        var options = new BandwidthEstimatorOptions();
        var estimator = new SendSideBandwidthEstimator(options);

        for (var window = 0; window < 20; window++)
        {
            var start = window * 1_000 * Ms;
            Send(estimator, (ushort)(window * 100), 100, start);
            var arrivals = new long[100];
            arrivals.AsSpan().Fill(Lost);
            arrivals[0] = start + (30 * Ms);
            Feedback(estimator, (ushort)(window * 100), arrivals, start + (1_050 * Ms));
        }

        Assert.Equal(options.MinBitrate, estimator.EstimateBitsPerSecond);
        Assert.Equal(0.99, estimator.LossFraction, 6);
    }

    [Fact]
    public void GrowingQueue_ArrivalsSpreadOut_OverusingAndCutTo85PercentOfAcked()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions());

        // Sent every 10 ms (960 kbit/s), delivered every 12 ms (800 kbit/s): the queue grows 2 ms per packet.
        for (var round = 0; round < 20; round++)
        {
            var arrivals = new long[10];
            for (var i = 0; i < 10; i++)
            {
                var n = (round * 10) + i;
                estimator.OnPacketSent((ushort)n, 1_200, n * 10 * Ms);
                arrivals[i] = (n * 12 * Ms) + (30 * Ms);
            }

            Feedback(estimator, (ushort)(round * 10), arrivals, arrivals[^1] + (30 * Ms));
        }

        Assert.Equal(BandwidthUsage.Overusing, estimator.DelayState);
        Assert.InRange(estimator.AckedBitsPerSecond, 790_000, 810_000);
        Assert.InRange(estimator.EstimateBitsPerSecond, 0.84 * 800_000, 0.86 * 810_000);
    }

    [Fact]
    public void SteadyState_SendAndFeedback_AllocateNothing()
    {
        const int PerRound = 20;
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions());
        var feedback = new byte[200][];
        for (var round = 0; round < feedback.Length; round++)
        {
            var arrivals = new long[PerRound];
            for (var i = 0; i < PerRound; i++)
            {
                var n = (round * PerRound) + i;
                arrivals[i] = i == 7 ? Lost : (n * 2 * Ms) + (30 * Ms);
            }

            var buffer = new byte[1_500];
            Assert.True(TransportCc.TryWriteFromArrivals(buffer, 1, 2, (ushort)(65_000 + (round * PerRound)), 0, arrivals,
                out var written));
            feedback[round] = buffer[..written];
        }

        void Round(int round)
        {
            for (var i = 0; i < PerRound; i++)
            {
                var n = (round * PerRound) + i;
                estimator.OnPacketSent((ushort)(65_000 + n), 1_200, n * 2 * Ms);
            }

            Assert.True(TransportCc.TryParse(feedback[round], out var parsed));
            estimator.OnFeedback(parsed, ((round + 1) * PerRound * 2 * Ms) + (40 * Ms));
        }

        for (var round = 0; round < 50; round++)
        {
            Round(round);
        }

        // Five windows of 30 rounds (600 packets, 30 feedback messages) each. The runtime may allocate once on this
        // thread while it promotes a hot method to optimised code; an allocation per packet or per feedback would show
        // in every window, so one clean window proves the steady state allocates nothing.
        var allocated = new List<long>();
        for (var window = 0; window < 5; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 50 + (window * 30); round < 80 + (window * 30); round++)
            {
                Round(round);
            }

            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(allocated.Min() == 0, $"bytes allocated per window: {string.Join(", ", allocated)}");
        Assert.True(estimator.AckedBitsPerSecond > 0, "the loop did real work (and crossed the sequence wrap)");
    }

    [Theory]
    [InlineData(nameof(BandwidthEstimatorOptions.HistorySize))]
    [InlineData(nameof(BandwidthEstimatorOptions.MinBitrate))]
    [InlineData(nameof(BandwidthEstimatorOptions.LossWindowPackets))]
    public void Options_OutOfRange_ConstructorThrowsNamingTheSetting(string setting)
    {
        var options = new BandwidthEstimatorOptions();
        switch (setting)
        {
            case nameof(BandwidthEstimatorOptions.HistorySize):
                options.HistorySize = 1000;
                break;
            case nameof(BandwidthEstimatorOptions.MinBitrate):
                options.MinBitrate = options.MaxBitrate + 1;
                break;
            default:
                options.LossWindowPackets = options.LossWindowMinPackets - 1;
                break;
        }

        var error = Assert.Throws<ArgumentException>(() => new SendSideBandwidthEstimator(options));
        Assert.Contains(setting, error.Message);
        Assert.Null(new BandwidthEstimatorOptions().Validate());
    }
}
