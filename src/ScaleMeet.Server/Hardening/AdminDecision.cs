namespace ScaleMeet.Server.Hardening;

/// <summary>What <see cref="AdminAccess.Check"/> decided about one request to an admin endpoint.</summary>
internal enum AdminDecision
{
    /// <summary>A trusted address, or the right bearer token: serve it.</summary>
    Allowed,

    /// <summary>No token from an untrusted address: 404, as if the endpoint did not exist.</summary>
    NotFound,

    /// <summary>A bearer token that is wrong: 401 with <c>WWW-Authenticate: Bearer error="invalid_token"</c>.</summary>
    Unauthorized,
}
