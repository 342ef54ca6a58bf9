using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>Feedback abuse against a fresh real server: NACK storms and 65 535-status transport-cc feedback.</summary>
public sealed class FeedbackAbuseTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task NackStorm_AgainstARealServer_RetransmissionsWithinTheBudget()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        using var timeout = new CancellationTokenSource(Bound);

        await new NackStormAttack().RunAsync(new AbuseTarget(server, "abuse-nack"), timeout.Token);
    }

    [Fact]
    public async Task TransportCcFlood_AgainstARealServer_EveryFeedbackRefused()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        using var timeout = new CancellationTokenSource(Bound);

        await new TransportCcFloodAttack().RunAsync(new AbuseTarget(server, "abuse-tcc"), timeout.Token);
    }
}
