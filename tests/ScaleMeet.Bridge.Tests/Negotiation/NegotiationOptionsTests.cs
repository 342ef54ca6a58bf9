using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Tests.Negotiation;

/// <summary>The negotiation and packet-cache bounds are checked at start-up with a message naming the setting.</summary>
public sealed class NegotiationOptionsTests
{
    [Fact]
    public void Defaults_Valid_DocumentedValues()
    {
        var options = new BridgeOptions();

        Assert.Null(options.Validate());
        var n = options.Negotiation;
        Assert.Equal((65536, 3, 256, 3, 8, 16, 300),
            (n.MaxOfferBytes, n.MaxMediaSections, n.MaxAttributesPerSection, n.MaxRidsPerSection, n.MaxSsrcsPerSection, n.MaxHeaderExtensionsPerSection,
                n.MaxSubscribeSections));
        Assert.Equal((512, 16), (options.PacketCachePool.MaxMegabytes, options.PacketCachePool.IdleCaches));
    }

    [Theory]
    [InlineData(nameof(NegotiationOptions.MaxOfferBytes), 1023, "1024..262144")]
    [InlineData(nameof(NegotiationOptions.MaxOfferBytes), 262145, "1024..262144")]
    [InlineData(nameof(NegotiationOptions.MaxMediaSections), 0, "1..16")]
    [InlineData(nameof(NegotiationOptions.MaxMediaSections), 17, "1..16")]
    [InlineData(nameof(NegotiationOptions.MaxAttributesPerSection), 31, "32..4096")]
    [InlineData(nameof(NegotiationOptions.MaxAttributesPerSection), 4097, "32..4096")]
    [InlineData(nameof(NegotiationOptions.MaxRidsPerSection), 0, "1..3")]
    [InlineData(nameof(NegotiationOptions.MaxRidsPerSection), 4, "1..3")]
    [InlineData(nameof(NegotiationOptions.MaxSsrcsPerSection), 1, "2..64")]
    [InlineData(nameof(NegotiationOptions.MaxSsrcsPerSection), 65, "2..64")]
    [InlineData(nameof(NegotiationOptions.MaxHeaderExtensionsPerSection), 0, "1..255")]
    [InlineData(nameof(NegotiationOptions.MaxHeaderExtensionsPerSection), 256, "1..255")]
    [InlineData(nameof(NegotiationOptions.MaxSubscribeSections), 0, "1..320")]
    [InlineData(nameof(NegotiationOptions.MaxSubscribeSections), 321, "1..320")]
    public void Negotiation_OutOfRange_MessageNamesSetting(string setting, int value, string range)
    {
        var options = new BridgeOptions();
        typeof(NegotiationOptions).GetProperty(setting)!.SetValue(options.Negotiation, value);

        Assert.Equal($"ScaleMeet:Bridge:Negotiation:{setting} must be {range} (was {value})", options.Validate());
    }

    [Theory]
    [InlineData(nameof(NegotiationOptions.MaxOfferBytes), 1024)]
    [InlineData(nameof(NegotiationOptions.MaxMediaSections), 16)]
    [InlineData(nameof(NegotiationOptions.MaxRidsPerSection), 1)]
    [InlineData(nameof(NegotiationOptions.MaxSubscribeSections), 320)]
    public void Negotiation_AtTheEndOfItsRange_Valid(string setting, int value)
    {
        var options = new BridgeOptions();
        typeof(NegotiationOptions).GetProperty(setting)!.SetValue(options.Negotiation, value);

        Assert.Null(options.Validate());
    }

    [Fact]
    public void PacketCachePool_TooSmallForOneCache_MessageNamesBothSettings()
    {
        var options = new BridgeOptions { PacketCacheSize = 1024, PacketCachePool = { MaxMegabytes = 1 } };

        Assert.Equal(
            "ScaleMeet:Bridge:PacketCachePool:MaxMegabytes (1) must hold at least one packet cache of ScaleMeet:Bridge:PacketCacheSize packets (1544192 bytes)",
            options.Validate());
    }

    [Theory]
    [InlineData(0, 16, "ScaleMeet:Bridge:PacketCachePool:MaxMegabytes must be 1..1048576 (was 0)")]
    [InlineData(512, -1, "ScaleMeet:Bridge:PacketCachePool:IdleCaches must be 0..4096 (was -1)")]
    [InlineData(512, 4097, "ScaleMeet:Bridge:PacketCachePool:IdleCaches must be 0..4096 (was 4097)")]
    public void PacketCachePool_OutOfRange_MessageNamesSetting(int megabytes, int idle, string message)
    {
        var options = new BridgeOptions { PacketCachePool = { MaxMegabytes = megabytes, IdleCaches = idle } };

        Assert.Equal(message, options.Validate());
    }

    [Fact]
    public void PacketCachePool_Default_HoldsWhatItsMegabytesAllow()
    {
        var pool = new PacketCachePoolOptions();

        // 512 MiB of 512-packet caches (1 508 bytes a packet with its index).
        Assert.Equal(512L * 1024 * 1024 / (512 * 1508), pool.MaxCaches(512));
        Assert.Equal(1, new PacketCachePoolOptions { MaxMegabytes = 1 }.MaxCaches(512));
    }
}
