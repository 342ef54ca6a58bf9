using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Server.Memory;

namespace ScaleMeet.Focus.Tests.Memory;

public sealed class IdleMemoryTrimmerTests
{
    private sealed class Clock : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerSecond;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private readonly Clock _clock = new();
    private int _participants;
    private int _collections;

    private IdleMemoryTrimmer Create(TimeSpan trimAfterIdle) =>
        new(() => _participants, new MemoryOptions { TrimAfterIdle = trimAfterIdle }, _clock, NullLogger.Instance, () => _collections++);

    private void Run(IdleMemoryTrimmer trimmer, TimeSpan duration)
    {
        for (var t = TimeSpan.Zero; t < duration; t += TimeSpan.FromSeconds(1))
        {
            trimmer.Check();
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void AfterACallEnds_IdleForTheSetTime_CollectsOnce()
    {
        using var trimmer = Create(TimeSpan.FromSeconds(10));
        _participants = 3;
        Run(trimmer, TimeSpan.FromSeconds(30));
        _participants = 0;

        Run(trimmer, TimeSpan.FromSeconds(9));
        Assert.Equal(0, _collections);
        Run(trimmer, TimeSpan.FromSeconds(3));
        Assert.Equal(1, _collections);
        Run(trimmer, TimeSpan.FromMinutes(5));
        Assert.Equal(1, _collections); // once per idle period
        Assert.Equal(1, trimmer.Trims);
    }

    [Fact]
    public void NeverAnyCall_NeverCollects()
    {
        using var trimmer = Create(TimeSpan.FromSeconds(10));
        Run(trimmer, TimeSpan.FromMinutes(5));
        Assert.Equal(0, _collections);
    }

    [Fact]
    public void SomeoneJoinsBeforeTheIdleTimeIsUp_WaitsForTheNextEnd()
    {
        using var trimmer = Create(TimeSpan.FromSeconds(10));
        _participants = 2;
        Run(trimmer, TimeSpan.FromSeconds(5));
        _participants = 0;
        Run(trimmer, TimeSpan.FromSeconds(6));
        _participants = 1;
        Run(trimmer, TimeSpan.FromSeconds(20));
        Assert.Equal(0, _collections);

        _participants = 0;
        Run(trimmer, TimeSpan.FromSeconds(12));
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void Options_OutOfRange_NameTheSetting()
    {
        Assert.Null(new MemoryOptions().Validate());
        Assert.Null(new MemoryOptions { TrimAfterIdle = TimeSpan.Zero }.Validate());
        Assert.Equal("ScaleMeet:Memory:TrimAfterIdle must be 0 (off) to 01:00:00, was -00:00:01",
            new MemoryOptions { TrimAfterIdle = TimeSpan.FromSeconds(-1) }.Validate());
    }
}
