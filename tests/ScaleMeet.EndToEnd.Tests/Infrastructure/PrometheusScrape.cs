using System.Globalization;

namespace ScaleMeet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One scrape of a server's <c>/metrics</c> (served to loopback clients), samples by their exact text: a name with its
/// labels as the server writes them (<c>scalemeet_bridge_srtp_refused_total{reason="index_reused"}</c>). The one reader
/// of Prometheus text the end-to-end tests use: read before, act, read after, compare.
/// </summary>
internal sealed class PrometheusScrape
{
    private readonly Dictionary<string, double> _series;

    private PrometheusScrape(Dictionary<string, double> series) => _series = series;

    public static Task<PrometheusScrape> ReadAsync(ScaleMeetProcess server, CancellationToken cancellationToken = default) =>
        ReadAsync(new Uri(server.BaseUrl), cancellationToken);

    public static async Task<PrometheusScrape> ReadAsync(Uri server, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(10) };
        return Parse(await http.GetStringAsync("/metrics", cancellationToken));
    }

    /// <summary>The value of one sample of a fresh scrape; 0 when the server does not have it (yet).</summary>
    public static async Task<double> ValueAsync(Uri server, string series, CancellationToken cancellationToken = default) =>
        (await ReadAsync(server, cancellationToken))[series];

    /// <summary>The value of one sample of a fresh scrape; fails when the server does not have it.</summary>
    public static async Task<double> RequireAsync(Uri server, string series, CancellationToken cancellationToken = default) =>
        (await ReadAsync(server, cancellationToken)).Require(series);

    /// <summary>Samples of Prometheus text (comments skipped; a sample's optional timestamp is not expected).</summary>
    public static PrometheusScrape Parse(string text)
    {
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

    /// <summary>The value of one sample; 0 when the server does not have it (yet).</summary>
    public double this[string series] => _series.GetValueOrDefault(series);

    /// <summary>The value of one sample; fails when the server does not have it.</summary>
    public double Require(string series) =>
        _series.TryGetValue(series, out var value) ? value : throw new Xunit.Sdk.XunitException($"/metrics has no sample '{series}'");

    /// <summary>The sum over every sample of <paramref name="name"/>, whatever its labels.</summary>
    public double Sum(string name) =>
        _series.Where(s => s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal)).Sum(s => s.Value);

    /// <summary><paramref name="series"/> now minus in <paramref name="earlier"/>.</summary>
    public double Since(PrometheusScrape earlier, string series) => this[series] - earlier[series];
}
