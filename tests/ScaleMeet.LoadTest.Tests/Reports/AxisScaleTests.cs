using ScaleMeet.LoadTest.Reports;

namespace ScaleMeet.LoadTest.Tests.Reports;

public sealed class AxisScaleTests
{
    [Theory]
    [InlineData(0, 1.73, 0, 2, 0.5)]
    [InlineData(0, 1, 0, 1, 0.2)] // 0.2 / 0.1 is 2.0000000000000004 in binary and must still give 2, not 2.5
    [InlineData(0, 29, 0, 30, 10)]
    [InlineData(0, 3250, 0, 4000, 1000)]
    [InlineData(0.5, 0.9, 0, 1, 0.2)] // all positive: the axis starts at 0
    [InlineData(-3, 7, -4, 8, 2)]
    [InlineData(0, 0, 0, 1, 0.2)] // flat zero line
    [InlineData(0, 0.066, 0, 0.08, 0.02)]
    [InlineData(0, 12, 0, 12.5, 2.5)]
    public void For_DataRange_CoversItWithNiceTicks(double min, double max, double axisMin, double axisMax, double step)
    {
        var axis = AxisScale.For(min, max);

        Assert.Equal(axisMin, axis.Min, 9);
        Assert.Equal(axisMax, axis.Max, 9);
        Assert.Equal(step, axis.Step, 9);
    }

    [Fact]
    public void Label_FractionalStep_PrintsEveryTickWithTheSameDecimals()
    {
        var axis = AxisScale.For(0, 1.1);

        Assert.Equal(["0.00", "0.25", "0.50", "0.75", "1.00", "1.25"], axis.Ticks().Select(axis.Label));
    }

    [Fact]
    public void Label_TenthSteps_HaveNoFloatingPointNoise()
    {
        var axis = AxisScale.For(0, 0.48);

        Assert.Equal(["0.0", "0.1", "0.2", "0.3", "0.4", "0.5"], axis.Ticks().Select(axis.Label));
    }
}
