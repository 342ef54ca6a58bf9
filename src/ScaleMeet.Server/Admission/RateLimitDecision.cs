namespace ScaleMeet.Server.Admission;

/// <summary>What <see cref="MessageRateLimiter.TryTake"/> decided about one message.</summary>
internal enum RateLimitDecision
{
    /// <summary>Within the rate: handle it.</summary>
    Allowed,

    /// <summary>Over the rate: answer <c>rate_limited</c> and drop it.</summary>
    Refused,

    /// <summary>Over the rate once too often: answer <c>rate_limited</c> and close the connection (1008).</summary>
    Disconnect,
}
