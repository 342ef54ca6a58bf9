namespace ScaleMeet.Bridge.Tests;

/// <summary>The budgets' defaults are valid, and every setting out of range is named.</summary>
public sealed class BudgetOptionsTests
{
    [Fact]
    public void Defaults_Valid_DocumentedValues()
    {
        var options = new BridgeOptions();

        Assert.Null(options.Validate());
        var b = options.Budgets;
        Assert.Equal((TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), 0.25, 131_072, 256),
            (b.RetransmitMinInterval, b.RetransmitDefaultRoundTrip, b.RetransmitShare, b.RetransmitBurstBytes, b.MaxNackedPacketsPerCompound));
        Assert.Equal((300.0, 100, 2048, 20_000, TimeSpan.FromSeconds(1)),
            (b.RtcpPerSecond, b.RtcpBurst, b.MaxTransportCcStatuses, b.TransportCcStatusesPerSecond, b.ReceiverKeyframeRequestInterval));
        Assert.Equal((1024, 16, 64), (b.MaxSrtpStreams, b.MaxRemoteAddresses, b.IceTransactionMemory));
    }

    public static TheoryData<Action<BudgetOptions>, string> OutOfRange => new()
    {
        { b => b.RetransmitMinInterval = TimeSpan.Zero, "RetransmitMinInterval must be 00:00:00.001 .. 00:00:05 (was 00:00:00)" },
        { b => b.RetransmitDefaultRoundTrip = TimeSpan.FromMilliseconds(5), "RetransmitDefaultRoundTrip must be RetransmitMinInterval .. 00:00:05" },
        { b => b.RetransmitShare = -0.1, "RetransmitShare must be 0 .. 1 (was -0.1)" },
        { b => b.RetransmitShare = double.NaN, "RetransmitShare must be 0 .. 1 (was NaN)" },
        { b => b.RetransmitBurstBytes = 1000, "RetransmitBurstBytes must be 1500 .. 16777216 (was 1000)" },
        { b => b.MaxNackedPacketsPerCompound = 16, "MaxNackedPacketsPerCompound must be 17 .. 65536 (was 16)" },
        { b => b.RtcpPerSecond = 0.5, "RtcpPerSecond must be 1 .. 100000 (was 0.5)" },
        { b => b.RtcpBurst = 0, "RtcpBurst must be 1 .. 100000 (was 0)" },
        { b => b.MaxTransportCcStatuses = 65536, "MaxTransportCcStatuses must be 16 .. 65535 (was 65536)" },
        { b => b.TransportCcStatusesPerSecond = 2000, "TransportCcStatusesPerSecond must be MaxTransportCcStatuses .. 10000000 (was 2000)" },
        { b => b.ReceiverKeyframeRequestInterval = TimeSpan.FromSeconds(-1), "ReceiverKeyframeRequestInterval must be 0 .. 00:00:10" },
        { b => b.MaxSrtpStreams = 4, "MaxSrtpStreams must be 8 .. 65536 (was 4)" },
        { b => b.MaxRemoteAddresses = 1, "MaxRemoteAddresses must be 2 .. 256 (was 1)" },
        { b => b.IceTransactionMemory = 0, "IceTransactionMemory must be 1 .. 4096 (was 0)" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Validate_OutOfRange_NamesTheSetting(Action<BudgetOptions> change, string expected)
    {
        var options = new BridgeOptions();
        change(options.Budgets);

        var problem = options.Validate();

        Assert.NotNull(problem);
        Assert.StartsWith("ScaleMeet:Bridge:Budgets:" + expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReceiverKeyframeIntervalZero_ValidMeaningOff() =>
        Assert.Null(new BridgeOptions { Budgets = { ReceiverKeyframeRequestInterval = TimeSpan.Zero } }.Validate());
}
