using ScaleMeet.Bridge.Bandwidth;

namespace ScaleMeet.Bridge.Tests.Bandwidth;

/// <summary>The estimator closed-loop over <see cref="SimulatedLink"/>: a paced sender at min(estimate, demand).</summary>
public sealed class SimulatedLinkTests
{
    private const long Second = 1_000_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Link600k_FromInitial1M_ConvergesWithin10sAndStaysWithBoundedQueue(int seed)
    {
        var link = new SimulatedLink(seed: seed) { CapacityBps = 600_000 };

        link.RunUntil(30 * Second);

        // Observed: a sawtooth of 510–640 kbit/s (overuse → 0.85 × 600 k, then +8 %/s), queue ≤ 25 ms.
        Assert.All(link.Between(10, 30), s => Assert.InRange(s.Estimate, 400_000, 700_000));
        Assert.All(link.Between(1, 30), s => Assert.True(s.Estimate >= 300_000, $"collapsed to {s.Estimate} at {s.Time}"));
        Assert.True(link.Between(10, 30).Max(s => s.QueueDelay) <= 60_000);
        Assert.True(link.Samples.Max(s => s.QueueDelay) <= 400_000, "start-up overshoot (1 Mbit/s on 600 k) bounded");
        Assert.InRange(link.Estimator.AckedBitsPerSecond, 450_000, 650_000);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LinkRaisedFrom600kTo5M_EstimateClimbsAbove2MWithin20s(int seed)
    {
        var link = new SimulatedLink(seed: seed) { CapacityBps = 600_000 };
        link.RunUntil(15 * Second);

        link.CapacityBps = 5_000_000;
        link.RunUntil(35 * Second);

        // Observed: > 2 Mbit/s 15–18 s after the raise (8 %/s from ≈ 510 k), never above 1.5 × acked.
        Assert.Contains(link.Between(15, 35), s => s.Estimate > 2_000_000);
        Assert.All(link.Between(16, 35), s => Assert.True(s.Estimate <= (1.5 * s.Acked) + 100_000));
        Assert.True(link.Between(16, 35).Max(s => s.QueueDelay) <= 60_000);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomLoss5Percent_FatLinkFromStart_EstimateDoesNotCollapse(int seed)
    {
        var link = new SimulatedLink(seed: seed)
        {
            CapacityBps = 20_000_000, LossRate = 0.05, Demand = _ => 4_000_000,
        };

        link.RunUntil(30 * Second);

        // 5 % is inside the hold band (2–10 %): observed 1.07–1.5 Mbit/s, never below the initial 1 Mbit/s.
        Assert.All(link.Samples, s => Assert.True(s.Estimate >= 1_000_000, $"{s.Estimate} at {s.Time}"));
        Assert.InRange(link.Estimator.LossFraction, 0.0, 0.10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomLoss_AfterLossFreeRampUp_5PercentHolds30PercentCuts(int seed)
    {
        var link = new SimulatedLink(seed: seed) { CapacityBps = 20_000_000, Demand = _ => 4_000_000 };
        link.RunUntil(20 * Second);
        var before = link.Estimator.EstimateBitsPerSecond;
        Assert.True(before >= 4_000_000, $"ramped to {before}");

        link.LossRate = 0.05;
        link.RunUntil(40 * Second);
        Assert.All(link.Between(20, 40), s => Assert.True(s.Estimate >= 0.8 * before, $"{s.Estimate} at {s.Time}"));

        link.LossRate = 0.30;
        link.RunUntil(50 * Second);

        // Observed: ≈ 4.6 Mbit/s → 0.37–0.49 Mbit/s in 10 s.
        Assert.True(link.Estimator.EstimateBitsPerSecond < before / 4, $"{link.Estimator.EstimateBitsPerSecond}");
        Assert.InRange(link.Estimator.LossFraction, 0.15, 0.45);
    }

    [Fact]
    public void ApplicationLimited_AllocatorStepsUpLayers_EstimateFollowsUpward()
    {
        // Totals of an allocator's steps: one thumbnail, + a 500 k layer, + a 1.5 M layer, + another 2.5 M.
        long[] steps = [150_000, 650_000, 2_150_000, 4_650_000];
        SimulatedLink? link = null;
        link = new SimulatedLink { CapacityBps = 5_000_000 };
        link.Demand = _ => steps.LastOrDefault(step => step <= link.Estimator.EstimateBitsPerSecond, steps[0]);

        link.RunUntil(30 * Second);

        // Observed: 650 k at once, 2.15 M at 10 s, 4.65 M at 20 s (8 %/s while sending under the estimate).
        Assert.Contains(link.Between(0, 15), s => s.Estimate >= 2_150_000);
        Assert.Contains(link.Between(0, 25), s => s.Estimate >= 4_650_000);
        Assert.True(link.Samples.Max(s => s.QueueDelay) <= 60_000);
    }

    [Fact]
    public void ApplicationLimited_ConstantDemand_GrowthStopsAtFourTimesAcked()
    {
        var link = new SimulatedLink { CapacityBps = 5_000_000, Demand = _ => 400_000 };

        link.RunUntil(30 * Second);

        Assert.InRange(link.Estimator.AckedBitsPerSecond, 380_000, 420_000);
        Assert.InRange(link.Estimator.EstimateBitsPerSecond, 1_500_000, (4 * 420_000) + 10_000);
    }

    [Fact]
    public void SequenceAndReferenceTimeWrap_600kLink_StillConverges()
    {
        var link = new SimulatedLink(firstSequence: 65_536 - 300)
        {
            CapacityBps = 600_000,
            // The receiver's 24-bit reference time (64 ms ticks) wraps 8 s into the call.
            ReceiverClockOffset = ((1L << 24) * 64_000) - (8 * Second),
        };

        link.RunUntil(30 * Second);

        Assert.True(link.NextSequence is > 1_000 and < 30_000, "the sequence number wrapped");
        Assert.All(link.Between(10, 30), s => Assert.InRange(s.Estimate, 400_000, 700_000));
        Assert.All(link.Between(5, 30), s => Assert.InRange(s.Acked, 450_000, 700_000));
    }

    [Fact]
    public void DuplicateFeedback_600kLink_StillConverges()
    {
        var link = new SimulatedLink { CapacityBps = 600_000, DuplicateFeedback = true };

        link.RunUntil(30 * Second);

        Assert.All(link.Between(10, 30), s => Assert.InRange(s.Estimate, 400_000, 700_000));
        Assert.All(link.Between(2, 30), s => Assert.Equal(0, s.Loss));
    }

    [Fact]
    public void ReorderedFeedback_600kLink_StillConverges()
    {
        var link = new SimulatedLink { CapacityBps = 600_000, ReorderFeedback = true };

        link.RunUntil(30 * Second);

        // Feedback arrives up to 100 ms later than usual, so the start-up overshoot fills the 500 ms queue and
        // drops a few packets; afterwards nothing is lost and nothing is misread as lost.
        Assert.All(link.Between(10, 30), s => Assert.InRange(s.Estimate, 400_000, 700_000));
        Assert.All(link.Between(5, 30), s => Assert.Equal(0, s.Loss));
        Assert.True(link.Between(10, 30).Max(s => s.QueueDelay) <= 60_000);
    }

    [Fact]
    public void FeedbackGap_FiveSecondPause_EstimateHeldThenRecovers()
    {
        var link = new SimulatedLink { CapacityBps = 2_000_000 };
        link.RunUntil(20 * Second);
        var before = link.Estimator.EstimateBitsPerSecond;

        link.Paused = true;
        link.RunUntil(25 * Second);
        Assert.Equal(before, link.Estimator.EstimateBitsPerSecond);

        link.Paused = false;
        link.RunUntil(40 * Second);

        Assert.All(link.Between(25, 27), s => Assert.InRange(s.Estimate, 0.8 * before, 1.2 * before));
        Assert.All(link.Between(30, 40), s => Assert.InRange(s.Estimate, 1_400_000, 2_300_000));
    }
}
