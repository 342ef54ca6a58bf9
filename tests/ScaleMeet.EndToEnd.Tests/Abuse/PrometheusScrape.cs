using System.Globalization;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>
/// One scrape of a server's <c>/metrics</c> (served to loopback), series by their exact text
/// (<c>scalemeet_bridge_srtp_refused_total{reason="index_reused"}</c>), for attacks that assert on what they changed.
/// </summary>
internal sealed class PrometheusScrape
{
    private readonly Dictionary<string, double> _series;

    private PrometheusScrape(Dictionary<string, double> series) => _series = series;

    public static async Task<PrometheusScrape> ReadAsync(ScaleMeetProcess server, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync("/metrics", cancellationToken);
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.LastIndexOf(' ');
            if (line[0] != '#' && space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                series[line[..space]] = value;
            }
        }

        return new PrometheusScrape(series);
    }

    /// <summary>The value of one series; 0 when the server does not have it (yet).</summary>
    public double this[string series] => _series.GetValueOrDefault(series);

    /// <summary><paramref name="series"/> now minus in <paramref name="earlier"/>.</summary>
    public double Since(PrometheusScrape earlier, string series) => this[series] - earlier[series];
}
