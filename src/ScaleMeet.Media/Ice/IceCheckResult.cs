namespace ScaleMeet.Media.Ice;

/// <summary>What <see cref="IceLiteSession.Handle"/> did with one STUN packet.</summary>
public enum IceCheckResult
{
    /// <summary>A valid Binding request from the selected endpoint (or the first one, which selects it): success response written, consent refreshed.</summary>
    Answered,

    /// <summary>A valid Binding request with USE-CANDIDATE: the sender's endpoint is now selected, consent refreshed.</summary>
    AnsweredAndNominated,

    /// <summary>
    /// A valid Binding request without USE-CANDIDATE from an endpoint other than the selected one: success response
    /// written (the pair is valid for the peer), but consent is not refreshed and nothing is selected (RFC 7675:
    /// consent belongs to the selected pair).
    /// </summary>
    AnsweredNotSelected,

    /// <summary>An authenticated request seen before (same transaction id), from the endpoint it first came from: answered again, nothing changed.</summary>
    Retransmitted,

    /// <summary>An authenticated request seen before, from another endpoint: a replay. Nothing written, nothing changed.</summary>
    Replayed,

    /// <summary>An error response (400, 401, 420 or 487) was written; no state changed.</summary>
    ErrorAnswered,

    /// <summary>Nothing written: not a well-formed STUN request, a bad FINGERPRINT, or a response/indication.</summary>
    Dropped,
}
