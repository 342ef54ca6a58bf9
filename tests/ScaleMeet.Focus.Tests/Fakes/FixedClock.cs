namespace ScaleMeet.Focus.Tests.Fakes;

/// <summary>A wall clock that shows what the test sets (timers still run on real time).</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
