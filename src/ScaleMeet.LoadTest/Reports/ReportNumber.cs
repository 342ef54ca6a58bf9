using System.Globalization;

namespace ScaleMeet.LoadTest.Reports;

/// <summary>Invariant-culture number formatting shared by the HTML and Markdown reports. Stateless.</summary>
internal static class ReportNumber
{
    /// <summary>What a missing (null or non-finite) figure prints as.</summary>
    public const string Missing = "—";

    /// <summary><paramref name="value"/> with a fixed number of decimals, or <see cref="Missing"/>.</summary>
    public static string Fixed(double? value, int decimals)
    {
        if (value is not { } v || !double.IsFinite(v))
            return Missing;
        string s = v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.StartsWith('-') && double.Parse(s, CultureInfo.InvariantCulture) == 0 ? s[1..] : s;
    }

    /// <summary>
    /// <paramref name="value"/> with about three significant digits (1234 → "1234", 56.78 → "56.8", 0.0661 → "0.066";
    /// a whole number such as a count prints without decimals: 3 → "3"), or <see cref="Missing"/>.
    /// </summary>
    public static string Auto(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
            return Missing;
        double a = Math.Abs(v);
        int decimals = a >= 100 || v == Math.Round(v) ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
        return Fixed(v, decimals);
    }

    /// <summary>Seconds: whole seconds without decimals ("7"), otherwise one decimal ("7.4"), or <see cref="Missing"/>.</summary>
    public static string Seconds(double? value) =>
        Finite(value) is { } v && Math.Abs(v - Math.Round(v)) < 0.005 ? Fixed(Math.Round(v), 0) : Fixed(value, 1);

    /// <summary>An integer, or <see cref="Missing"/>.</summary>
    public static string Int(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : Missing;

    /// <summary>A finite value, or null (NaN and infinities count as not measured).</summary>
    public static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
