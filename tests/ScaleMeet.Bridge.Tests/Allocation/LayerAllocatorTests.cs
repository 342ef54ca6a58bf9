using ScaleMeet.Bridge.Allocation;

namespace ScaleMeet.Bridge.Tests.Allocation;

public sealed class LayerAllocatorTests
{
    private static readonly LayerInfo[] ThreeFlowing =
    [
        new(180, 150_000, true),
        new(360, 500_000, true),
        new(720, 1_500_000, true),
    ];

    private const long Unlimited = long.MaxValue / 4;

    private static AllocationSource Source(int maxHeight, bool onStage = false, LayerInfo[]? layers = null) =>
        new(layers ?? ThreeFlowing, maxHeight, onStage);

    [Theory]
    [InlineData(0, -1)]
    [InlineData(90, 0)]
    [InlineData(180, 0)]
    [InlineData(359, 0)]
    [InlineData(360, 1)]
    [InlineData(720, 2)]
    [InlineData(2160, 2)]
    public void DesiredLayer_HighestNotTallerThanWanted(int maxHeight, int expected)
    {
        Assert.Equal(expected, LayerAllocator.DesiredLayer(Source(maxHeight)));
    }

    [Fact]
    public void SmallTiles_UnlimitedBandwidth_EachGetsTheLayerItsTileFits()
    {
        var choices = LayerAllocator.Allocate([Source(360), Source(180), Source(360)], -1, Unlimited);

        Assert.Equal([new(1, 1), new(0, 0), new(1, 1)], choices);
    }

    [Fact]
    public void OnStage_GetsFullLayer_ThumbnailsStaySmall()
    {
        var choices = LayerAllocator.Allocate([Source(720, onStage: true), Source(180), Source(180)], -1, Unlimited);

        Assert.Equal(2, choices[0].Target);
        Assert.Equal(0, choices[1].Target);
        Assert.Equal(0, choices[2].Target);
    }

    [Fact]
    public void LastN_CutsSourcesBeyondIt()
    {
        var choices = LayerAllocator.Allocate([Source(360), Source(360), Source(360)], 2, Unlimited);

        Assert.Equal([new(1, 1), new(1, 1), new(-1, -1)], choices);
    }

    [Fact]
    public void LastNZero_NoVideo()
    {
        var choices = LayerAllocator.Allocate([Source(720, onStage: true)], 0, Unlimited);

        Assert.Equal(new LayerChoice(-1, -1), choices[0]);
    }

    [Fact]
    public void TargetLayerNotFlowing_FallsBackToHighestFlowingBelow_DesiredUnchanged()
    {
        LayerInfo[] topStopped = [new(180, 150_000, true), new(360, 500_000, true), new(720, 0, false)];

        var choices = LayerAllocator.Allocate([Source(720, onStage: true, layers: topStopped)], -1, Unlimited);

        Assert.Equal(new LayerChoice(2, 1), choices[0]);
    }

    [Fact]
    public void NothingFlowingYet_AimsAtLowestLayer_DesiredKept()
    {
        LayerInfo[] silent = [new(180, 0, false), new(360, 0, false), new(720, 0, false)];

        var choices = LayerAllocator.Allocate([Source(360, layers: silent)], -1, Unlimited);

        Assert.Equal(new LayerChoice(1, 0), choices[0]);
    }

    [Fact]
    public void OnlyHigherLayersFlowing_TakesLowestFlowing()
    {
        LayerInfo[] lowStopped = [new(180, 0, false), new(360, 500_000, true), new(720, 1_500_000, true)];

        var choices = LayerAllocator.Allocate([Source(180, layers: lowStopped)], -1, Unlimited);

        Assert.Equal(new LayerChoice(0, 1), choices[0]);
    }

    [Fact]
    public void LimitedBandwidth_StageFirst_ThenOthersOneStepAtATime()
    {
        // 1.2 Mbit/s: everyone's lowest (3 × 150k), the stage to 360p (+350k), then one thumbnail step (+350k) fits; no more.
        var choices = LayerAllocator.Allocate([Source(720, onStage: true), Source(360), Source(360)], -1, 1_200_000);

        Assert.Equal(1, choices[0].Target);
        Assert.Equal(1, choices[1].Target);
        Assert.Equal(0, choices[2].Target);
    }

    [Fact]
    public void TinyBandwidth_PauseAllowed_FirstSourceStillGetsItsLowestLayer_TheOtherPausesAndCountsAsHeldBack()
    {
        AllocationSource[] sources = [Source(720, onStage: true), Source(360)];
        var choices = LayerAllocator.Allocate(sources, -1, 10_000, allowPause: true);

        Assert.Equal(0, choices[0].Target);
        Assert.Equal(-1, choices[1].Target);
        Assert.True(LayerAllocator.HeldBack(sources[1], choices[1]), "a paused source that is wanted must make the bridge probe");
    }

    [Fact]
    public void TinyBandwidth_NoPause_EverySourceKeepsItsLowestLayer_NoneClimbs()
    {
        AllocationSource[] sources = [Source(720, onStage: true), Source(360), Source(180)];
        var choices = LayerAllocator.Allocate(sources, -1, 10_000, allowPause: false);

        Assert.Equal([0, 0, 0], choices.Select(c => c.Target));
        Assert.True(LayerAllocator.HeldBack(sources[0], choices[0]));
        Assert.False(LayerAllocator.HeldBack(sources[2], choices[2]), "a source at the layer it wants is not held back");
    }

    [Fact]
    public void NoPause_BeyondLastN_StillGetsNothing()
    {
        var choices = LayerAllocator.Allocate([Source(360), Source(360)], 1, 10_000, allowPause: false);

        Assert.Equal(new LayerChoice(-1, -1), choices[1]);
        Assert.False(LayerAllocator.HeldBack(Source(360), choices[1]), "a source cut by last-N is not a bandwidth matter");
    }

    [Fact]
    public void UnmeasuredLayers_UseNominalBitrates()
    {
        LayerInfo[] unmeasured = [new(180, 0, true), new(360, 0, true), new(720, 0, true)];

        // 150k + (500k-150k) = 500k fits in 600k; 720p (1.5M) does not.
        var choices = LayerAllocator.Allocate([Source(720, onStage: true, layers: unmeasured)], -1, 600_000);

        Assert.Equal(1, choices[0].Target);
    }
}
