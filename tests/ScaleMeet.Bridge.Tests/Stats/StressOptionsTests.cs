using ScaleMeet.Bridge.Stats;

namespace ScaleMeet.Bridge.Tests.Stats;

/// <summary>Stress settings are checked at start-up with a message naming the setting.</summary>
public sealed class StressOptionsTests
{
    [Fact]
    public void Defaults_Valid_JitsiValues()
    {
        var options = new BridgeOptions();

        Assert.Null(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(5), options.Stress.SampleInterval);
        Assert.Equal("cpu", options.Stress.Measurement);
        Assert.Equal(0.9, options.Stress.CpuThreshold);
        Assert.Equal(50_000, options.Stress.PacketRateThreshold);
        Assert.Equal(0.01, options.Stress.AverageParticipantStress);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("packet-rate")]
    [InlineData("Packet-Rate")]
    public void Measurement_Known_Valid(string measurement) =>
        Assert.Null(new BridgeOptions { Stress = { Measurement = measurement } }.Validate());

    [Fact]
    public void Measurement_Unknown_MessageNamesSettingAndChoices()
    {
        var problem = new BridgeOptions { Stress = { Measurement = "load" } }.Validate();

        Assert.Equal("ScaleMeet:Bridge:Stress:Measurement must be 'cpu' or 'packet-rate' (was 'load')", problem);
    }

    [Fact]
    public void SampleInterval_TooShort_MessageNamesSetting()
    {
        var problem = new BridgeOptions { Stress = { SampleInterval = TimeSpan.FromMilliseconds(50) } }.Validate();

        Assert.Equal("ScaleMeet:Bridge:Stress:SampleInterval must be 00:00:00.1 .. 00:10:00 (was 00:00:00.0500000)", problem);
    }

    [Fact]
    public void SampleInterval_TooLong_MessageNamesSetting() =>
        Assert.StartsWith("ScaleMeet:Bridge:Stress:SampleInterval ", new BridgeOptions { Stress = { SampleInterval = TimeSpan.FromHours(1) } }.Validate());

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void CpuThreshold_OutOfRange_MessageNamesSetting(double threshold)
    {
        var problem = new BridgeOptions { Stress = { CpuThreshold = threshold } }.Validate();

        Assert.NotNull(problem);
        Assert.StartsWith("ScaleMeet:Bridge:Stress:CpuThreshold must be greater than 0 and at most 1 (was ", problem);
    }

    [Fact]
    public void PacketRateThreshold_Zero_MessageNamesSetting()
    {
        var problem = new BridgeOptions { Stress = { PacketRateThreshold = 0 } }.Validate();

        Assert.Equal("ScaleMeet:Bridge:Stress:PacketRateThreshold must be 1 .. 100000000 packets/s (was 0)", problem);
    }

    [Fact]
    public void AverageParticipantStress_Negative_MessageNamesSetting()
    {
        var problem = new BridgeOptions { Stress = { AverageParticipantStress = -0.01 } }.Validate();

        Assert.Equal("ScaleMeet:Bridge:Stress:AverageParticipantStress must be 0 .. 1 (was -0.01)", problem);
    }

    [Fact]
    public void InvalidStress_BridgeConstructor_ThrowsWithMessage()
    {
        var options = new BridgeOptions { Stress = { Measurement = "load" } };

        var error = Assert.Throws<ArgumentException>(() => new MediaBridge("b", options, new Infrastructure.RecordingEventSink(),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System));

        Assert.Contains("ScaleMeet:Bridge:Stress:Measurement", error.Message, StringComparison.Ordinal);
    }
}
