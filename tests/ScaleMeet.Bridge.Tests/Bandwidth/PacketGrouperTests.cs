using ScaleMeet.Bridge.Bandwidth;

namespace ScaleMeet.Bridge.Tests.Bandwidth;

public sealed class PacketGrouperTests
{
    [Fact]
    public void SendBursts_FiveMsGroups_DeltaBetweenLastPacketsOfConsecutiveGroups()
    {
        var grouper = new PacketGrouper(5_000);
        // Group 1: sent at 0, 2, 4 ms; group 2: 10, 12 ms; the packet at 20 ms closes group 2.
        (long Send, long Arrival)[] packets = [(0, 30_000), (2_000, 32_000), (4_000, 34_000), (10_000, 41_000),
            (12_000, 45_000)];
        foreach (var (send, arrival) in packets)
        {
            Assert.False(grouper.Add(send, arrival, out _, out _, out _));
        }

        Assert.True(grouper.Add(20_000, 58_000, out var sendDelta, out var arrivalDelta, out var groupArrival));
        Assert.Equal(8_000, sendDelta);
        Assert.Equal(11_000, arrivalDelta);
        Assert.Equal(45_000, groupArrival);
    }

    [Fact]
    public void QueuedBehindGroup_ArrivesRightAfterIt_JoinsAsBurst()
    {
        var grouper = new PacketGrouper(5_000);
        Assert.False(grouper.Add(0, 30_000, out _, out _, out _));

        // Sent 10 ms later but arriving 1 ms later: it sat in a queue behind the group, so it belongs to it.
        Assert.False(grouper.Add(10_000, 31_000, out _, out _, out _));
        Assert.False(grouper.Add(40_000, 60_000, out _, out _, out _));
        Assert.True(grouper.Add(80_000, 100_000, out var sendDelta, out var arrivalDelta, out _));

        Assert.Equal(30_000, sendDelta);
        Assert.Equal(29_000, arrivalDelta);
    }

    [Fact]
    public void SentBeforeCurrentGroup_LateFeedback_Skipped()
    {
        var grouper = new PacketGrouper(5_000);
        Assert.False(grouper.Add(20_000, 50_000, out _, out _, out _));

        Assert.False(grouper.Add(5_000, 35_000, out _, out _, out _));
        Assert.False(grouper.Add(30_000, 60_000, out _, out _, out _));
        Assert.True(grouper.Add(40_000, 70_000, out var sendDelta, out _, out _));
        Assert.Equal(10_000, sendDelta);
    }
}
