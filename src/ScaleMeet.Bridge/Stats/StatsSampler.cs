namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// Turns the router's counts into a <see cref="BridgeStats"/> every <see cref="StressOptions.SampleInterval"/>:
/// rates are the change of the totals over the elapsed time, stress is measurement ÷ threshold. Threading:
/// <see cref="OnTick"/>, <see cref="IsDue"/> and <see cref="Sample"/> run on the loop thread; <see cref="Latest"/>
/// and <see cref="LastTickAt"/> may be read from any thread (a volatile reference to an immutable snapshot).
/// </summary>
internal sealed class StatsSampler
{
    private readonly StressOptions _options;
    private readonly ICpuTimeSource _cpu;
    private readonly TimeProvider _time;
    private long _previousAt;
    private TimeSpan _previousCpu;
    private long _previousPacketsIn;
    private long _previousBytesIn;
    private long _previousPacketsOut;
    private long _previousBytesOut;
    private long _lastTickAt;
    private volatile BridgeStats _latest;

    public StatsSampler(StressOptions options, ICpuTimeSource cpu, TimeProvider time)
    {
        _options = options;
        _cpu = cpu;
        _time = time;
        _previousAt = time.GetTimestamp();
        _previousCpu = cpu.TotalProcessorTime;
        _latest = BridgeStats.Empty with { AverageParticipantStress = options.AverageParticipantStress };
    }

    /// <summary>The newest snapshot. Any thread.</summary>
    public BridgeStats Latest => _latest;

    /// <summary>Loop timestamp the current interval started at (the previous sample). Loop thread.</summary>
    public long IntervalStart => _previousAt;

    /// <summary>Loop timestamp of the loop's last tick; 0 before the first. Any thread.</summary>
    public long LastTickAt => Volatile.Read(ref _lastTickAt);

    /// <summary>Records that the loop ticked (it is alive). Loop thread.</summary>
    public void OnTick(long now) => Volatile.Write(ref _lastTickAt, now);

    /// <summary>True when a sample interval has passed since the previous sample. Loop thread.</summary>
    public bool IsDue(long now) => _time.GetElapsedTime(_previousAt, now) >= _options.SampleInterval;

    /// <summary>Computes and publishes the snapshot for the interval ending at <paramref name="now"/>. Loop thread.</summary>
    public BridgeStats Sample(in StatsInputs inputs, long now)
    {
        var elapsed = _time.GetElapsedTime(_previousAt, now);
        var seconds = elapsed.TotalSeconds;
        var cpu = _cpu.TotalProcessorTime;
        var packetRateIn = PerSecond(inputs.PacketsReceived - _previousPacketsIn, seconds);
        var packetRateOut = PerSecond(inputs.PacketsSent - _previousPacketsOut, seconds);
        var stress = _options.UsesPacketRate
            ? StressLevel.FromPacketRate(packetRateIn + packetRateOut, _options.PacketRateThreshold)
            : StressLevel.FromCpu(cpu - _previousCpu, elapsed, _cpu.ProcessorCount, _options.CpuThreshold);

        var stats = new BridgeStats
        {
            Stress = stress,
            AverageParticipantStress = _options.AverageParticipantStress,
            Conferences = inputs.Conferences,
            Participants = inputs.Participants,
            LargestConference = inputs.LargestConference,
            BitrateInKbps = PerSecond(inputs.BytesReceived - _previousBytesIn, seconds) * 8 / 1000,
            BitrateOutKbps = PerSecond(inputs.BytesSent - _previousBytesOut, seconds) * 8 / 1000,
            PacketRateIn = packetRateIn,
            PacketRateOut = packetRateOut,
            BytesReceived = inputs.BytesReceived,
            BytesSent = inputs.BytesSent,
            PacketsReceived = inputs.PacketsReceived,
            PacketsSent = inputs.PacketsSent,
            RttMilliseconds = inputs.RttCount == 0 ? 0 : inputs.RttSumMilliseconds / inputs.RttCount,
            LossIn = Ratio(inputs.LostIn, inputs.ExpectedIn),
            LossOut = Ratio(inputs.LostOut, inputs.ExpectedOut),
            EndpointsSendingAudio = inputs.EndpointsSendingAudio,
            EndpointsSendingVideo = inputs.EndpointsSendingVideo,
            ConferencesCreated = inputs.ConferencesCreated,
            ConferencesCompleted = inputs.ConferencesCompleted,
            IceFailures = inputs.IceFailures,
            DtlsFailures = inputs.DtlsFailures,
            LoopWorstIterationSeconds = inputs.LoopWorstIterationSeconds,
            Healthy = true,
            Draining = inputs.Draining,
            ShuttingDown = inputs.ShuttingDown,
            Interval = elapsed,
            SampledAt = _time.GetUtcNow(),
        };

        _previousAt = now;
        _previousCpu = cpu;
        _previousPacketsIn = inputs.PacketsReceived;
        _previousBytesIn = inputs.BytesReceived;
        _previousPacketsOut = inputs.PacketsSent;
        _previousBytesOut = inputs.BytesSent;
        _latest = stats;
        return stats;
    }

    private static double PerSecond(long count, double seconds) => seconds <= 0 || count <= 0 ? 0 : count / seconds;

    private static double Ratio(long part, long whole) => whole <= 0 || part <= 0 ? 0 : Math.Min(1.0, (double)part / whole);
}
