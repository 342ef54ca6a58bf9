namespace ScaleMeet.Focus.Tests.Fakes;

/// <summary>Waits for a condition (polling, bounded), never for a fixed time.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(condition))] string what = "")
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)((timeout ?? DefaultTimeout).TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                Assert.Fail($"not true within {(timeout ?? DefaultTimeout).TotalSeconds:0} s: {what}");
            }

            await Task.Delay(10);
        }
    }
}
