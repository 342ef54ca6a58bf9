using System.Globalization;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>Reads <c>scalemeet_bridge_dtls_*</c> samples out of the server's Prometheus text (<c>/metrics</c>).</summary>
internal static class DtlsMetricsText
{
    /// <summary>
    /// The value of the sample <paramref name="name"/> (with <c>reason="…"</c> when <paramref name="reason"/> is given);
    /// 0 when the series is absent (a counter not incremented yet is still exposed, so absence means 0 only before the bridge starts).
    /// </summary>
    public static double Value(string metrics, string name, string? reason = null)
    {
        var series = reason is null ? name : $"{name}{{reason=\"{reason}\"}}";
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
