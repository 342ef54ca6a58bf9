using System.Globalization;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>
/// Reads samples from a server's <c>/metrics</c> (Prometheus text, served to loopback clients), so an attack can
/// assert on the difference it caused: read before, attack, read after.
/// </summary>
internal sealed class MetricsReader : IDisposable
{
    private readonly HttpClient _http;

    public MetricsReader(Uri server)
    {
        _http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The value of the sample <paramref name="series"/> (a name, with its labels as written: <c>x_total{limit="a"}</c>); 0 when absent.</summary>
    public async Task<double> ReadAsync(string series, CancellationToken cancellationToken)
    {
        var text = await _http.GetStringAsync("/metrics", cancellationToken).ConfigureAwait(false);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series, StringComparison.Ordinal) && line.Length > series.Length && line[series.Length] == ' ')
            {
                return double.Parse(line.AsSpan(series.Length + 1).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public void Dispose() => _http.Dispose();
}
