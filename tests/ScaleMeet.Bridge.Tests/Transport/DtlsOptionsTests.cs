using ScaleMeet.Bridge.Transport;

namespace ScaleMeet.Bridge.Tests.Transport;

/// <summary>DTLS settings are checked at start-up with a message naming the setting.</summary>
public sealed class DtlsOptionsTests
{
    [Fact]
    public void Defaults_Valid_DocumentedValues()
    {
        var options = new BridgeOptions();

        Assert.Null(options.Validate());
        Assert.Equal(4, options.Dtls.HandshakeWorkers);
        Assert.Equal(256, options.Dtls.HandshakeQueueCapacity);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Dtls.HandshakeQueueTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Dtls.WorkerIdleTimeout);
        Assert.Equal(4096, options.Dtls.MaxHandshakeMessageSize);
        Assert.Equal(32 * 1024, options.Dtls.MaxBufferedBytes);
        Assert.Equal(64, options.Dtls.QueueCapacity);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Dtls.FinalFlightTimeout);
        Assert.Equal(10, options.Dtls.PostHandshakeDatagramsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Dtls.HandshakeSilenceTimeout);
        Assert.Equal(0, options.Dtls.MaxHandshakesPerAddress);
        Assert.Equal(2, options.Dtls.ToPoolSettings().EffectiveMaxHandshakesPerAddress); // half of the 4 workers
    }

    [Theory]
    [InlineData(999)]
    [InlineData(300_001)]
    public void HandshakeSilenceTimeout_OutOfRange_MessageNamesSetting(int milliseconds) =>
        Assert.StartsWith("ScaleMeet:Bridge:Dtls:HandshakeSilenceTimeout must be 00:00:01 .. 00:05:00",
            new BridgeOptions { Dtls = { HandshakeSilenceTimeout = TimeSpan.FromMilliseconds(milliseconds) } }.Validate());

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void MaxHandshakesPerAddress_OutOfRange_MessageNamesSetting(int share) =>
        Assert.Equal($"ScaleMeet:Bridge:Dtls:MaxHandshakesPerAddress must be 0 (half of HandshakeWorkers) .. HandshakeWorkers (4) (was {share})",
            new BridgeOptions { Dtls = { MaxHandshakesPerAddress = share } }.Validate());

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(9, 4)]
    public void MaxHandshakesPerAddress_Zero_HalfTheWorkersAtLeastOne(int workers, int share) =>
        Assert.Equal(share, new DtlsOptions { HandshakeWorkers = workers }.ToPoolSettings().EffectiveMaxHandshakesPerAddress);

    [Theory]
    [InlineData(0, "ScaleMeet:Bridge:Dtls:HandshakeWorkers must be 1..256 (was 0)")]
    [InlineData(257, "ScaleMeet:Bridge:Dtls:HandshakeWorkers must be 1..256 (was 257)")]
    public void HandshakeWorkers_OutOfRange_MessageNamesSetting(int workers, string expected) =>
        Assert.Equal(expected, new BridgeOptions { Dtls = { HandshakeWorkers = workers } }.Validate());

    [Fact]
    public void HandshakeQueueCapacity_Negative_MessageNamesSetting() =>
        Assert.Equal("ScaleMeet:Bridge:Dtls:HandshakeQueueCapacity must be 0..100000 (was -1)",
            new BridgeOptions { Dtls = { HandshakeQueueCapacity = -1 } }.Validate());

    [Fact]
    public void HandshakeQueueTimeout_TooShort_MessageNamesSetting() =>
        Assert.StartsWith("ScaleMeet:Bridge:Dtls:HandshakeQueueTimeout must be 00:00:00.1 .. 00:10:00",
            new BridgeOptions { Dtls = { HandshakeQueueTimeout = TimeSpan.FromMilliseconds(50) } }.Validate());

    [Fact]
    public void WorkerIdleTimeout_TooShort_MessageNamesSetting() =>
        Assert.StartsWith("ScaleMeet:Bridge:Dtls:WorkerIdleTimeout ", new BridgeOptions { Dtls = { WorkerIdleTimeout = TimeSpan.Zero } }.Validate());

    [Theory]
    [InlineData(1023)]
    [InlineData(65_537)]
    public void MaxHandshakeMessageSize_OutOfRange_MessageNamesSetting(int size) =>
        Assert.Equal($"ScaleMeet:Bridge:Dtls:MaxHandshakeMessageSize must be 1024..65536 bytes (was {size})",
            new BridgeOptions { Dtls = { MaxHandshakeMessageSize = size } }.Validate());

    [Fact]
    public void MaxBufferedBytes_SmallerThanOneMessageAndDatagram_MessageNamesBothSettings() =>
        Assert.Equal("ScaleMeet:Bridge:Dtls:MaxBufferedBytes must be 5596 (MaxHandshakeMessageSize + one datagram) .. 16777216 bytes (was 5595)",
            new BridgeOptions { Dtls = { MaxBufferedBytes = 5595 } }.Validate());

    [Fact]
    public void QueueCapacity_Zero_MessageNamesSetting() =>
        Assert.Equal("ScaleMeet:Bridge:Dtls:QueueCapacity must be 1..4096 datagrams (was 0)", new BridgeOptions { Dtls = { QueueCapacity = 0 } }.Validate());

    [Fact]
    public void FinalFlightTimeout_Negative_MessageNamesSetting() =>
        Assert.StartsWith("ScaleMeet:Bridge:Dtls:FinalFlightTimeout must be 0 .. 00:04:00",
            new BridgeOptions { Dtls = { FinalFlightTimeout = TimeSpan.FromSeconds(-1) } }.Validate());

    [Fact]
    public void PostHandshakeDatagramsPerSecond_Zero_MessageNamesSetting() =>
        Assert.Equal("ScaleMeet:Bridge:Dtls:PostHandshakeDatagramsPerSecond must be 1..10000 (was 0)",
            new BridgeOptions { Dtls = { PostHandshakeDatagramsPerSecond = 0 } }.Validate());

    [Fact]
    public void Settings_HandedToTheMediaLibrary_EveryValueCarriedOver()
    {
        var options = new DtlsOptions
        {
            HandshakeWorkers = 3, HandshakeQueueCapacity = 7, HandshakeQueueTimeout = TimeSpan.FromSeconds(2), WorkerIdleTimeout = TimeSpan.FromSeconds(1),
            MaxHandshakeMessageSize = 2048, MaxBufferedBytes = 9000, QueueCapacity = 9, FinalFlightTimeout = TimeSpan.FromSeconds(3),
            PostHandshakeDatagramsPerSecond = 4, HandshakeSilenceTimeout = TimeSpan.FromSeconds(6), MaxHandshakesPerAddress = 3,
        };

        var pool = options.ToPoolSettings();
        var endpoint = options.ToEndpointSettings(TimeSpan.FromSeconds(12));

        Assert.Equal((3, 7, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), (pool.Workers, pool.QueueCapacity, pool.QueueTimeout, pool.WorkerIdleTimeout));
        Assert.Equal((TimeSpan.FromSeconds(12), 2048, 9000, 9, TimeSpan.FromSeconds(3), 4),
            (endpoint.HandshakeTimeout, endpoint.MaxHandshakeMessageSize, endpoint.MaxBufferedBytes, endpoint.QueueCapacity, endpoint.FinalFlightTimeout,
                endpoint.PostHandshakeDatagramsPerSecond));
        Assert.Equal((3, TimeSpan.FromSeconds(6)), (pool.MaxHandshakesPerAddress, endpoint.HandshakeSilenceTimeout));
        Assert.Null(pool.Validate());
        Assert.Null(endpoint.Validate());
    }
}
