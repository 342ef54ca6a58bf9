using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus;

/// <summary>
/// Cumulative counts of signaling outcomes since the focus started, kept as plain numbers so the focus does not
/// own a <see cref="System.Diagnostics.Metrics.Meter"/>; <see cref="FocusMetrics"/> publishes them.
/// Threading: any thread may count (<see cref="Interlocked"/>); readers see each count atomically. The tag sets
/// (join failure reasons, signaling error codes) are fixed constants, pre-seeded at 0 so every series exists
/// before its first event; an unknown one is added on first use.
/// </summary>
internal sealed class FocusCounters
{
    private static readonly string[] KnownErrorCodes =
    [
        SignalingErrorCodes.Malformed, SignalingErrorCodes.UnknownType, SignalingErrorCodes.NotJoined,
        SignalingErrorCodes.AlreadyJoined, SignalingErrorCodes.OutOfOrder, SignalingErrorCodes.InvalidRoom,
        SignalingErrorCodes.InvalidName, SignalingErrorCodes.BadSdp, SignalingErrorCodes.BridgeUnavailable,
        SignalingErrorCodes.Internal, SignalingErrorCodes.RateLimited, SignalingErrorCodes.ServerFull,
        SignalingErrorCodes.TokenRequired, SignalingErrorCodes.TokenInvalid, SignalingErrorCodes.TokenBadSignature,
        SignalingErrorCodes.TokenExpired, SignalingErrorCodes.TokenNotYetValid, SignalingErrorCodes.TokenWrongRoom,
        SignalingErrorCodes.TokenWrongAudience, SignalingErrorCodes.TokenWrongIssuer, SignalingErrorCodes.PasswordRequired,
        SignalingErrorCodes.WrongPassword, SignalingErrorCodes.PasswordAttemptsExceeded, SignalingErrorCodes.NotModerator,
        SignalingErrorCodes.ResumeFailed,
    ];

    /// <summary>The outcomes of a participant whose connection dropped: <c>suspended</c>, then <c>resumed</c> or <c>expired</c>; <c>refused</c> resumes.</summary>
    public static readonly string[] ResumeOutcomes = ["suspended", "resumed", "expired", "refused"];

    private readonly ConcurrentDictionary<string, StrongBox<long>> _joinFailures = Seed(JoinFailureReasons.All);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _signalingErrors = Seed(KnownErrorCodes);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _resumes = Seed(ResumeOutcomes);
    private long _joins;

    /// <summary>Participants that joined a room.</summary>
    public long Joins => Interlocked.Read(ref _joins);

    /// <summary>Joins refused, by <see cref="JoinFailureReasons"/> value.</summary>
    public IEnumerable<KeyValuePair<string, long>> JoinFailures => Read(_joinFailures);

    /// <summary><c>error</c> messages sent to browsers, by signaling error code.</summary>
    public IEnumerable<KeyValuePair<string, long>> SignalingErrors => Read(_signalingErrors);

    /// <summary>Signaling resumptions, by outcome (<see cref="ResumeOutcomes"/>).</summary>
    public IEnumerable<KeyValuePair<string, long>> Resumes => Read(_resumes);

    public void Resume(string outcome) => Increment(_resumes, outcome);

    public void JoinSucceeded() => Interlocked.Increment(ref _joins);

    public void JoinFailed(string reason) => Increment(_joinFailures, reason);

    public void SignalingErrorSent(string code) => Increment(_signalingErrors, code);

    private static void Increment(ConcurrentDictionary<string, StrongBox<long>> counts, string key) =>
        Interlocked.Increment(ref counts.GetOrAdd(key, static _ => new StrongBox<long>()).Value);

    private static IEnumerable<KeyValuePair<string, long>> Read(ConcurrentDictionary<string, StrongBox<long>> counts)
    {
        foreach (var (key, box) in counts)
        {
            yield return new(key, Interlocked.Read(ref box.Value));
        }
    }

    private static ConcurrentDictionary<string, StrongBox<long>> Seed(string[] keys) =>
        new(keys.Select(k => KeyValuePair.Create(k, new StrongBox<long>())), StringComparer.Ordinal);
}
