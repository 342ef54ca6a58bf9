using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>The negotiation attacks, each against a fresh real server process.</summary>
public sealed class NegotiationAbuseTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public Task ThousandRidOffer_RealServer_BadSdpNamingTheLimitAndNoMemoryJump() => RunAsync(new RidFloodAttack());

    [Fact]
    public Task SevenHundredSeventySectionOffers_RealServer_BadSdpNamingTheLimits() => RunAsync(new SectionFloodAttack());

    [Fact]
    public Task MaximalLegalPublisher_RealServer_OtherReceiversOffersWithinTheSignalingLimit() => RunAsync(new MaximalPublisherAttack());

    private static async Task RunAsync(IHostileAttack attack)
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        using var bounded = new CancellationTokenSource(Bound);

        await attack.RunAsync(new AbuseTarget(server, $"abuse-{attack.Name}"), bounded.Token).WaitAsync(Bound);

        // The server is still usable: a participant joins the same room afterwards.
        await using var after = await HostileSignaling.JoinAsync(new AbuseTarget(server, $"abuse-{attack.Name}"), "after the attack", CancellationToken.None);
        Assert.NotEmpty(after.ParticipantId);
    }
}
