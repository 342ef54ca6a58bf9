using System.Globalization;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>Reads samples of the server's <c>/metrics</c> (served to loopback clients), by series as written there.</summary>
internal sealed class EdgeMetricsReader(Uri server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The value of <paramref name="series"/> (name and labels, e.g. <c>x_total{reason="origin"}</c>); fails when absent.</summary>
    public async Task<double> ReadAsync(string series, CancellationToken cancellationToken)
    {
        var text = await _http.GetStringAsync("/metrics", cancellationToken);
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"/metrics has no sample '{series}'");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    public void Dispose() => _http.Dispose();
}
