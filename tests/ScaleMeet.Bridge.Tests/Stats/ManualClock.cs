namespace ScaleMeet.Bridge.Tests.Stats;

/// <summary>A clock that moves only when told to: timestamps in ticks of 100 ns, starting 1 s after zero.</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly DateTimeOffset _start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks = TimeSpan.TicksPerSecond;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => _start + TimeSpan.FromTicks(_ticks);

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        _ticks += by.Ticks;
    }
}
