using ScaleMeet.Bridge.Stats;

namespace ScaleMeet.Bridge.Tests.Stats;

/// <summary>The interval math: stress, rates from totals, loss ratios and the RTT mean, on a manual clock.</summary>
public sealed class StatsSamplerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly ManualClock _clock = new();
    private readonly FakeCpuTimeSource _cpu = new(processors: 4);

    [Fact]
    public void CpuMeasurement_NineCpuSecondsOverFiveSecondsOnFourProcessors_StressIsUsageOverThreshold()
    {
        var sampler = new StatsSampler(new StressOptions(), _cpu, _clock);
        _clock.Advance(Interval);
        _cpu.Use(TimeSpan.FromSeconds(9));

        var stats = sampler.Sample(new StatsInputs(), _clock.GetTimestamp());

        // usage 9 / (5 × 4) = 0.45 of the machine; ÷ 0.9 = 0.5
        Assert.Equal(0.5, stats.Stress, 12);
        Assert.Equal(0.01, stats.AverageParticipantStress);
        Assert.Equal(Interval, stats.Interval);
    }

    [Fact]
    public void CpuMeasurement_SecondInterval_UsesOnlyItsOwnCpuTime()
    {
        var sampler = new StatsSampler(new StressOptions { CpuThreshold = 0.5 }, _cpu, _clock);
        _clock.Advance(Interval);
        _cpu.Use(TimeSpan.FromSeconds(20));
        sampler.Sample(new StatsInputs(), _clock.GetTimestamp());
        _clock.Advance(Interval);
        _cpu.Use(TimeSpan.FromSeconds(2));

        var stats = sampler.Sample(new StatsInputs(), _clock.GetTimestamp());

        // 2 / (5 × 4) = 0.1; ÷ 0.5 = 0.2
        Assert.Equal(0.2, stats.Stress, 12);
    }

    [Fact]
    public void PacketRateMeasurement_FiftyThousandPerSecond_StressOne()
    {
        var sampler = new StatsSampler(new StressOptions { Measurement = "packet-rate" }, _cpu, _clock);
        _clock.Advance(Interval);
        _cpu.Use(TimeSpan.FromSeconds(20));

        var stats = sampler.Sample(new StatsInputs { PacketsReceived = 100_000, PacketsSent = 150_000 }, _clock.GetTimestamp());

        Assert.Equal(20_000, stats.PacketRateIn);
        Assert.Equal(30_000, stats.PacketRateOut);
        Assert.Equal(1.0, stats.Stress);
    }

    [Fact]
    public void PacketRateMeasurement_CustomThreshold_StressScales()
    {
        var sampler = new StatsSampler(new StressOptions { Measurement = "PACKET-RATE", PacketRateThreshold = 100_000 }, _cpu, _clock);
        _clock.Advance(TimeSpan.FromSeconds(2));

        var stats = sampler.Sample(new StatsInputs { PacketsReceived = 30_000, PacketsSent = 20_000 }, _clock.GetTimestamp());

        Assert.Equal(0.25, stats.Stress);
    }

    [Fact]
    public void Rates_KnownTotalsOverTwoIntervals_BitratesAndPacketRatesFromDeltas()
    {
        var sampler = new StatsSampler(new StressOptions(), _cpu, _clock);
        _clock.Advance(Interval);
        sampler.Sample(new StatsInputs { BytesReceived = 625_000, BytesSent = 1_250_000, PacketsReceived = 500, PacketsSent = 1000 }, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromSeconds(4));

        var stats = sampler.Sample(
            new StatsInputs { BytesReceived = 625_000 + 500_000, BytesSent = 1_250_000 + 2_000_000, PacketsReceived = 900, PacketsSent = 3000 },
            _clock.GetTimestamp());

        // 500 000 B in 4 s = 125 000 B/s = 1000 kbit/s; 2 000 000 B = 4000 kbit/s.
        Assert.Equal(1000, stats.BitrateInKbps);
        Assert.Equal(4000, stats.BitrateOutKbps);
        Assert.Equal(100, stats.PacketRateIn);
        Assert.Equal(500, stats.PacketRateOut);
        Assert.Equal(1_125_000, stats.BytesReceived);
        Assert.Equal(3_250_000, stats.BytesSent);
        Assert.Equal(900, stats.PacketsReceived);
        Assert.Equal(3000, stats.PacketsSent);
        Assert.Equal(TimeSpan.FromSeconds(4), stats.Interval);
    }

    [Fact]
    public void FirstSample_RatesOverTimeSinceConstruction()
    {
        var sampler = new StatsSampler(new StressOptions(), _cpu, _clock);
        _clock.Advance(TimeSpan.FromSeconds(8));

        var stats = sampler.Sample(new StatsInputs { BytesReceived = 1_000_000 }, _clock.GetTimestamp());

        Assert.Equal(1000, stats.BitrateInKbps);
    }

    [Fact]
    public void LossAndRtt_Inputs_RatiosAndMean()
    {
        var sampler = new StatsSampler(new StressOptions(), _cpu, _clock);
        _clock.Advance(Interval);

        var stats = sampler.Sample(
            new StatsInputs { ExpectedIn = 400, LostIn = 10, ExpectedOut = 1000, LostOut = 50, RttSumMilliseconds = 30 + 50 + 100, RttCount = 3 },
            _clock.GetTimestamp());

        Assert.Equal(0.025, stats.LossIn);
        Assert.Equal(0.05, stats.LossOut);
        Assert.Equal(60, stats.RttMilliseconds);
    }

    [Fact]
    public void NothingMeasured_LossAndRttZeroNotNaN()
    {
        var sampler = new StatsSampler(new StressOptions(), _cpu, _clock);
        _clock.Advance(Interval);

        var stats = sampler.Sample(new StatsInputs(), _clock.GetTimestamp());

        Assert.Equal(0, stats.LossIn);
        Assert.Equal(0, stats.LossOut);
        Assert.Equal(0, stats.RttMilliseconds);
        Assert.Equal(0, stats.BitrateInKbps);
        Assert.Equal(0, stats.Stress);
    }

    [Fact]
    public void CountsAndFlags_Inputs_CopiedIntoSnapshotAndPublished()
    {
        var sampler = new StatsSampler(new StressOptions { AverageParticipantStress = 0.02 }, _cpu, _clock);
        Assert.Equal(0.02, sampler.Latest.AverageParticipantStress);
        Assert.False(sampler.Latest.Healthy);
        _clock.Advance(Interval);
        var inputs = new StatsInputs
        {
            Conferences = 2, Participants = 7, LargestConference = 5, EndpointsSendingAudio = 4, EndpointsSendingVideo = 3,
            ConferencesCreated = 9, ConferencesCompleted = 7, IceFailures = 2, DtlsFailures = 1, Draining = true, ShuttingDown = false,
        };

        var stats = sampler.Sample(inputs, _clock.GetTimestamp());

        Assert.Same(stats, sampler.Latest);
        Assert.Equal((2, 7, 5, 4, 3), (stats.Conferences, stats.Participants, stats.LargestConference, stats.EndpointsSendingAudio, stats.EndpointsSendingVideo));
        Assert.Equal((9L, 7L, 2L, 1L), (stats.ConferencesCreated, stats.ConferencesCompleted, stats.IceFailures, stats.DtlsFailures));
        Assert.True(stats.Healthy);
        Assert.True(stats.Draining);
        Assert.False(stats.ShuttingDown);
        Assert.Equal(_clock.GetUtcNow(), stats.SampledAt);
    }

    [Fact]
    public void IsDue_BeforeAndAfterInterval_FollowsSampleInterval()
    {
        var sampler = new StatsSampler(new StressOptions { SampleInterval = TimeSpan.FromSeconds(2) }, _cpu, _clock);
        _clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(sampler.IsDue(_clock.GetTimestamp()));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(sampler.IsDue(_clock.GetTimestamp()));

        sampler.Sample(new StatsInputs(), _clock.GetTimestamp());

        Assert.False(sampler.IsDue(_clock.GetTimestamp()));
        Assert.Equal(_clock.GetTimestamp(), sampler.IntervalStart);
    }
}
