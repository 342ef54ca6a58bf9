using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ScaleMeet.Server.Admission;

/// <summary>
/// Cumulative admission outcomes since start, as plain numbers (published by <see cref="Metrics.ServerMetrics"/>).
/// Threading: any thread counts (<see cref="Interlocked"/>). The refusal reasons are the fixed set of
/// <see cref="RefusalReasons"/>, pre-seeded at 0 so every series exists before its first event.
/// </summary>
internal sealed class AdmissionCounters
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _refused =
        new(RefusalReasons.All.Select(r => KeyValuePair.Create(r, new StrongBox<long>())), StringComparer.Ordinal);

    private long _rateLimitDisconnects;

    /// <summary>Signaling connections refused, by <see cref="RefusalReasons"/> value.</summary>
    public IEnumerable<KeyValuePair<string, long>> Refused
    {
        get
        {
            foreach (var (reason, box) in _refused)
            {
                yield return new(reason, Interlocked.Read(ref box.Value));
            }
        }
    }

    /// <summary>Connections closed for flooding past their message rate limit.</summary>
    public long RateLimitDisconnects => Interlocked.Read(ref _rateLimitDisconnects);

    public void ConnectionRefused(string reason) =>
        Interlocked.Increment(ref _refused.GetOrAdd(reason, static _ => new StrongBox<long>()).Value);

    public void RateLimitDisconnected() => Interlocked.Increment(ref _rateLimitDisconnects);
}
