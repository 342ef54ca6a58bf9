using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>A packet is resent at most once per interval; numbers 256 apart share an entry.</summary>
public sealed class ResendHistoryTests
{
    [Fact]
    public void WasResentWithin_AfterResend_TrueUntilTheIntervalPasses()
    {
        var history = new ResendHistory();
        Assert.False(history.WasResentWithin(100, 1_000, 50));

        history.OnResent(100, 1_000);

        Assert.True(history.WasResentWithin(100, 1_000, 50));
        Assert.True(history.WasResentWithin(100, 1_049, 50));
        Assert.False(history.WasResentWithin(100, 1_050, 50));
        Assert.False(history.WasResentWithin(101, 1_000, 50));
    }

    [Fact]
    public void OnResent_NumberSharingTheEntry_ReplacesIt()
    {
        var history = new ResendHistory();
        history.OnResent(7, 1_000);

        history.OnResent((ushort)(7 + ResendHistory.Size), 1_001);

        Assert.False(history.WasResentWithin(7, 1_002, 50));
        Assert.True(history.WasResentWithin((ushort)(7 + ResendHistory.Size), 1_002, 50));
    }

    [Fact]
    public void WasResentWithin_WrappedSequence_Distinct()
    {
        var history = new ResendHistory();
        history.OnResent(65_535, 1_000);

        Assert.True(history.WasResentWithin(65_535, 1_010, 50));
        Assert.False(history.WasResentWithin(255, 1_010, 50));
    }
}
