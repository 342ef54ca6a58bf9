using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Focus.Bridges;

/// <summary>
/// What the focus's bridge channels did since start: registrations, refusals by reason (every
/// <see cref="RefusalReasons"/> value pre-seeded at 0), bridges lost, unreadable messages. Any thread.
/// </summary>
public sealed class BridgeControlCounters
{
    private static readonly string[] Reasons =
    [
        RefusalReasons.BadSecret, RefusalReasons.StaleTimestamp, RefusalReasons.ReplayedNonce, RefusalReasons.UnsupportedVersion,
        RefusalReasons.DuplicateId, RefusalReasons.Malformed, RefusalReasons.HelloTimeout, RefusalReasons.TooManyBridges,
    ];

    private readonly ConcurrentDictionary<string, StrongBox<long>> _refusals =
        new(Reasons.Select(r => KeyValuePair.Create(r, new StrongBox<long>())), StringComparer.Ordinal);

    private long _registrations;
    private long _lost;
    private long _moved;
    private long _moveFailures;

    /// <summary>Participants moved to another bridge (their bridge was lost) and told <c>moved</c>.</summary>
    public long ParticipantsMoved => Interlocked.Read(ref _moved);

    /// <summary>Participants that could not be moved (no bridge left, or the target refused) and were disconnected.</summary>
    public long MoveFailures => Interlocked.Read(ref _moveFailures);

    internal void Moved() => Interlocked.Increment(ref _moved);

    internal void MoveFailed() => Interlocked.Increment(ref _moveFailures);

    public long Registrations => Interlocked.Read(ref _registrations);

    public long Lost => Interlocked.Read(ref _lost);

    public IEnumerable<KeyValuePair<string, long>> Refusals => _refusals.Select(r => KeyValuePair.Create(r.Key, Interlocked.Read(ref r.Value.Value)));

    public long RefusalsOf(string reason) => _refusals.TryGetValue(reason, out var box) ? Interlocked.Read(ref box.Value) : 0;

    internal void Registered() => Interlocked.Increment(ref _registrations);

    internal void BridgeLost() => Interlocked.Increment(ref _lost);

    internal void Refused(string reason) => Interlocked.Increment(ref _refusals.GetOrAdd(reason, static _ => new StrongBox<long>()).Value);
}
