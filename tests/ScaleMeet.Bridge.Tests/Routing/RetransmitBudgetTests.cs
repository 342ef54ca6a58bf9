using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>A receiver's retransmission bytes: a burst, then a share of what it is sent.</summary>
public sealed class RetransmitBudgetTests
{
    [Fact]
    public void TryTake_BurstSpent_RefusedUntilMediaCreditsTheShare()
    {
        var budget = new RetransmitBudget(share: 0.25, burstBytes: 3000);

        Assert.True(budget.TryTake(1200));
        Assert.True(budget.TryTake(1200));
        Assert.False(budget.TryTake(1200)); // 600 left
        Assert.Equal(600, budget.Available);

        budget.OnMediaSent(2400); // +600
        Assert.True(budget.TryTake(1200));
        Assert.Equal(0, budget.Available);
    }

    [Fact]
    public void OnMediaSent_Plenty_SavesAtMostTheBurst()
    {
        var budget = new RetransmitBudget(share: 0.5, burstBytes: 2000);

        for (var i = 0; i < 100; i++)
        {
            budget.OnMediaSent(1200);
        }

        Assert.Equal(2000, budget.Available);
    }

    [Fact]
    public void ShareZero_AfterBurst_NothingMore()
    {
        var budget = new RetransmitBudget(share: 0, burstBytes: 1500);
        Assert.True(budget.TryTake(1500));

        budget.OnMediaSent(1_000_000);

        Assert.False(budget.TryTake(1));
    }
}
