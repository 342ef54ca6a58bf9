namespace ScaleMeet.Media.Ice;

/// <summary>What <see cref="IceLiteSession.Handle"/> did with one STUN packet.</summary>
public enum IceCheckResult
{
    /// <summary>A valid Binding request: success response written, consent refreshed.</summary>
    Answered,

    /// <summary>As <see cref="Answered"/>, and the request carried USE-CANDIDATE: the sender's endpoint is now selected.</summary>
    AnsweredAndNominated,

    /// <summary>An error response (400, 401, 420 or 487) was written; no state changed.</summary>
    ErrorAnswered,

    /// <summary>Nothing written: not a well-formed STUN request, a bad FINGERPRINT, or a response/indication.</summary>
    Dropped,
}
