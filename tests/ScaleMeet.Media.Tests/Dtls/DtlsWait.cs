namespace ScaleMeet.Media.Tests.Dtls;

/// <summary>Waits for a condition instead of sleeping (generous deadline; CI has two busy cores).</summary>
internal static class DtlsWait
{
    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(condition, () => what);

    public static async Task UntilAsync(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + DtlsTestLink.TestWait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what()}: not reached within {DtlsTestLink.TestWait.TotalSeconds:0} s");
            await Task.Delay(10);
        }
    }
}
