using System.Globalization;

namespace ScaleMeet.LoadTest.Reports;

/// <summary>
/// A linear axis with "nice" ticks (steps of 1, 2, 2.5 or 5 × 10^n) covering a data range: the top tick is the
/// smallest multiple of the step at or above the data maximum, so the axis' max label tells the reader the scale.
/// Immutable.
/// </summary>
internal readonly record struct AxisScale(double Min, double Max, double Step)
{
    /// <summary>About this many intervals between ticks.</summary>
    private const int TargetIntervals = 5;

    /// <summary>The axis for data in [<paramref name="dataMin"/>, <paramref name="dataMax"/>]; includes 0 when the data is all positive or all negative.</summary>
    public static AxisScale For(double dataMin, double dataMax)
    {
        if (!double.IsFinite(dataMin) || !double.IsFinite(dataMax) || dataMin > dataMax)
            (dataMin, dataMax) = (0, 1);
        double lo = Math.Min(0, dataMin);
        double hi = Math.Max(0, dataMax);
        if (hi - lo <= 0)
            hi = lo + 1;
        double step = NiceStep((hi - lo) / TargetIntervals);
        double min = Math.Floor(lo / step + 1e-9) * step;
        double max = Math.Ceiling(hi / step - 1e-9) * step;
        return new AxisScale(min, max, step);
    }

    /// <summary>The tick values from <see cref="Min"/> to <see cref="Max"/> inclusive.</summary>
    public IEnumerable<double> Ticks()
    {
        int count = (int)Math.Round((Max - Min) / Step);
        for (int i = 0; i <= count; i++)
            yield return Min + i * Step;
    }

    /// <summary>Decimals needed to print every tick exactly (0.25 → 2, 5 → 0).</summary>
    public int Decimals
    {
        get
        {
            for (int d = 0; d < 6; d++)
            {
                double scaled = Step * Math.Pow(10, d);
                if (Math.Abs(scaled - Math.Round(scaled)) < 1e-6 * Math.Max(1, scaled))
                    return d;
            }
            return 6;
        }
    }

    /// <summary>A tick label in invariant culture.</summary>
    public string Label(double tick)
    {
        double rounded = Math.Round(tick, Decimals);
        return (rounded == 0 ? 0 : rounded).ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Position of <paramref name="value"/> on the axis, 0 at <see cref="Min"/> and 1 at <see cref="Max"/>.</summary>
    public double Fraction(double value) => (value - Min) / (Max - Min);

    private static double NiceStep(double raw)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double residual = raw / magnitude * (1 - 1e-9); // 0.2 / 0.1 is 2.0000000000000004, which must stay 2
        double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
