using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.LoadTest.Tests.Measurement;

public sealed class RoundTripTimesTests
{
    [Fact]
    public void ReportBlock_EchoingOurSr_GivesNowMinusLsrMinusDlsr()
    {
        var rtts = new RoundTripTimes();
        const uint lsr = 0x0001_8000; // 1.5 s
        const uint dlsr = 0x0000_4000; // 0.25 s held by the server
        const uint now = lsr + dlsr + 0x0000_0CCD; // + ~50 ms on the wire
        rtts.OnReportBlock(new ReportBlock(1, 0, 0, 0, 0, lsr, dlsr), now);

        Assert.InRange(rtts.TakeMean()!.Value, 50.0, 50.1);
        Assert.Null(rtts.TakeMean());
        Assert.Equal(1, rtts.Totals().Count);
    }

    [Fact]
    public void ReportBlock_WithoutLsrOrFromTheFuture_IsIgnored()
    {
        var rtts = new RoundTripTimes();
        rtts.OnReportBlock(new ReportBlock(1, 0, 0, 0, 0, 0, 0), 1000);
        rtts.OnReportBlock(new ReportBlock(1, 0, 0, 0, 0, 5000, 100), 1000);

        Assert.Null(rtts.TakeMean());
        Assert.Equal(0, rtts.Totals().Count);
    }

    [Fact]
    public void NtpClock_IsMonotonicAndNearWallClock()
    {
        var a = NtpClock.Now();
        var b = NtpClock.Now();
        Assert.True(b >= a);
        var seconds = (double)(a >> 32) - (DateTime.UtcNow - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        Assert.InRange(seconds, -5, 5);
    }
}
