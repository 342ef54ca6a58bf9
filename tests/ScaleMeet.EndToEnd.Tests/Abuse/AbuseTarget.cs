using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>Where an <see cref="IHostileAttack"/> runs: a real server and the room the hostile participant joins.</summary>
internal sealed record AbuseTarget(ScaleMeetProcess Server, string Room)
{
    public Uri ServerUri => new(Server.BaseUrl);
}
