namespace ScaleMeet.Server.Admission;

/// <summary>The outcome of <see cref="OriginPolicy.Check"/>.</summary>
internal enum OriginDecision
{
    /// <summary>No <c>Origin</c> header: not a browser; accepted.</summary>
    Absent,

    /// <summary>The page came from this server (same scheme, host and port); accepted.</summary>
    SameOrigin,

    /// <summary>An origin of <see cref="AdmissionOptions.AllowedOrigins"/>; accepted.</summary>
    Listed,

    /// <summary>Another site, an opaque origin or a malformed header; refused with 403.</summary>
    Refused,
}
