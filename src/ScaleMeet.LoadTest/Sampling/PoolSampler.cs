using System.Diagnostics;
using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Sampling;

/// <summary>
/// Samples the pool of bridges behind a focus once per call: the registry, and each remote bridge's process figures
/// (CPU as the CPU seconds since the bridge's previous sample ÷ wall time). Keeps every bridge ever listed with its
/// samples, for <see cref="BridgeResult"/>. Not thread-safe: one sampling loop calls it.
/// </summary>
public sealed class PoolSampler(PoolReader reader)
{
    private readonly Dictionary<string, Tracked> _bridges = new(StringComparer.Ordinal);

    /// <summary>False until the focus answered <c>/api/bridges</c> once (a Janus target, or a server without it, never does).</summary>
    public bool HasPool { get; private set; }

    /// <summary>Every bridge listed so far, in the order first seen.</summary>
    public IEnumerable<(PoolBridge Bridge, IReadOnlyList<BridgeSample> Samples)> Bridges =>
        _bridges.Values.OrderBy(b => b.Order).Select(b => (b.Latest, (IReadOnlyList<BridgeSample>)b.Samples));

    /// <summary>Reads the registry and the bridges' figures and adds one sample at <paramref name="t"/> (seconds since the first join) per listed bridge.</summary>
    public async Task SampleAsync(double t, CancellationToken cancellationToken)
    {
        var registry = await reader.ReadRegistryAsync(cancellationToken).ConfigureAwait(false);
        if (registry is null)
        {
            return;
        }

        HasPool = true;
        var figures = await Task.WhenAll(registry.Select(b => b.StatsUrl is { } url && b.State != "Lost"
            ? reader.ReadProcessAsync(url, cancellationToken)
            : Task.FromResult<BridgeProcessFigures?>(null))).ConfigureAwait(false);
        var at = Stopwatch.GetTimestamp();
        for (var i = 0; i < registry.Count; i++)
        {
            var bridge = registry[i];
            if (!_bridges.TryGetValue(bridge.Id, out var tracked))
            {
                tracked = new Tracked { Order = _bridges.Count, Latest = bridge };
                _bridges.Add(bridge.Id, tracked);
            }

            tracked.Latest = bridge;
            var cores = tracked.Cpu.Next(figures[i]?.CpuSeconds, at);
            tracked.Samples.Add(new BridgeSample
            {
                T = Math.Round(t, 3),
                State = bridge.State,
                CpuCores = cores is { } c ? Math.Round(c, 4) : null,
                RssMb = figures[i]?.RssMb is { } rss ? Math.Round(rss, 1) : null,
                Stress = bridge.Stress,
                Participants = bridge.Participants,
                Conferences = bridge.Conferences,
            });
        }
    }

    private sealed class Tracked
    {
        public required int Order { get; init; }

        public required PoolBridge Latest { get; set; }

        public CpuRate Cpu { get; } = new();

        public List<BridgeSample> Samples { get; } = [];
    }
}
