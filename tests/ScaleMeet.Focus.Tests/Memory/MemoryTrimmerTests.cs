using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Server.Memory;

namespace ScaleMeet.Focus.Tests.Memory;

public sealed class MemoryTrimmerTests
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
    private long _garbage;
    private int _collections;

    private MemoryTrimmer Create(TimeSpan trimAfterIdle, long trimGarbageAbove = 0, TimeSpan? minTrimInterval = null) =>
        new(() => _participants, () => _garbage,
            new MemoryOptions { TrimAfterIdle = trimAfterIdle, TrimGarbageAbove = trimGarbageAbove, MinTrimInterval = minTrimInterval ?? TimeSpan.FromSeconds(60) },
            _clock, NullLogger.Instance, () =>
            {
                _collections++;
                _garbage = 0;
            });

    private void Run(MemoryTrimmer trimmer, TimeSpan duration)
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
        Assert.Equal((1, 0), (trimmer.IdleTrims, trimmer.GarbageTrims));
    }

    [Fact]
    public void DuringACall_GarbageOverTheBound_CollectsAtOnce_ThenAtMostOncePerInterval()
    {
        using var trimmer = Create(TimeSpan.FromSeconds(10), trimGarbageAbove: 16 << 20, minTrimInterval: TimeSpan.FromSeconds(60));
        _participants = 3;
        _garbage = 16 << 20;
        Run(trimmer, TimeSpan.FromSeconds(30));
        Assert.Equal(0, _collections); // at the bound, not over it

        _garbage = (16 << 20) + 1;
        Run(trimmer, TimeSpan.FromSeconds(1));
        Assert.Equal(1, _collections);

        _garbage = 100 << 20; // a second burst soon after waits for the interval
        Run(trimmer, TimeSpan.FromSeconds(58));
        Assert.Equal(1, _collections);
        Run(trimmer, TimeSpan.FromSeconds(2));
        Assert.Equal(2, _collections);
        Assert.Equal((0, 2), (trimmer.IdleTrims, trimmer.GarbageTrims));
    }

    [Fact]
    public void DuringACall_GarbageRuleOff_NeverCollects()
    {
        using var trimmer = Create(TimeSpan.FromSeconds(10), trimGarbageAbove: 0);
        _participants = 3;
        _garbage = 1L << 30;
        Run(trimmer, TimeSpan.FromMinutes(5));
        Assert.Equal(0, _collections);
    }

    [Fact]
    public void NoCall_GarbageOverTheBound_LeftToTheIdleRule()
    {
        using var trimmer = Create(TimeSpan.Zero, trimGarbageAbove: 1 << 20);
        _garbage = 1L << 30;
        Run(trimmer, TimeSpan.FromMinutes(5));
        Assert.Equal(0, _collections);
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
        Assert.Null(new MemoryOptions { TrimAfterIdle = TimeSpan.Zero, TrimGarbageAbove = 0 }.Validate());
        Assert.Equal("ScaleMeet:Memory:TrimAfterIdle must be 0 (off) to 01:00:00, was -00:00:01",
            new MemoryOptions { TrimAfterIdle = TimeSpan.FromSeconds(-1) }.Validate());
        Assert.Equal("ScaleMeet:Memory:TrimGarbageAbove must be 0 (off) or 1048576 (1 MiB) to 1099511627776 bytes, was 1000",
            new MemoryOptions { TrimGarbageAbove = 1000 }.Validate());
        Assert.Equal("ScaleMeet:Memory:MinTrimInterval must be 00:00:01 to 01:00:00, was 00:00:00.5000000",
            new MemoryOptions { MinTrimInterval = TimeSpan.FromMilliseconds(500) }.Validate());
    }

    [Fact]
    public void HeapGarbage_AfterAllocating_CountsAtLeastWhatTheLastCollectionDidNotSee()
    {
        // Other tests run in parallel and may cause a collection in between, which rightly resets the figure: such a
        // try does not count, and one of a few tries runs without one.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            GC.Collect();
            var collections = GC.CollectionCount(0);
            var kept = new List<byte[]>();
            for (var i = 0; i < 200; i++)
            {
                kept.Add(new byte[16 * 1024]);
            }

            var counted = HeapGarbage.Bytes();
            GC.KeepAlive(kept);
            if (GC.CollectionCount(0) != collections)
            {
                continue;
            }

            Assert.True(counted >= 200 * 16 * 1024, $"{counted} bytes counted after allocating 3.2 MB");
            return;
        }

        Assert.Fail("a collection ran during each of 20 tries");
    }

    [Fact]
    public void HeapGarbage_AfterACollection_CountsWhatTheCollectorKeepsCommittedBeyondTheLiveHeap()
    {
        // As above: a try during which another collection ran does not count.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            GC.Collect();
            var last = GC.GetGCMemoryInfo(GCKind.Any);
            var committedBeyondAlive = last.TotalCommittedBytes - (last.HeapSizeBytes - last.FragmentedBytes);
            var counted = HeapGarbage.Bytes();
            if (GC.GetGCMemoryInfo(GCKind.Any).Index != last.Index)
            {
                continue;
            }

            Assert.True(committedBeyondAlive > 0, $"the collector holds {committedBeyondAlive} bytes committed beyond the live heap");
            Assert.True(counted >= committedBeyondAlive, $"{counted} bytes counted; the collector holds {committedBeyondAlive} committed beyond the live heap");
            return;
        }

        Assert.Fail("a collection ran during each of 20 tries");
    }
}
