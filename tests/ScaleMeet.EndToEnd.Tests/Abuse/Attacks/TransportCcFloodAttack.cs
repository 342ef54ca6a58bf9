using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Hostile;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// A receiver sends 150 40-byte transport-wide feedbacks declaring 65 535 packet statuses, 50 a second; each cost
/// ~0.8 ms of media loop time when the estimator walked them all. Asserted: every one is refused unparsed
/// (<c>scalemeet_bridge_transport_cc_refused_total{reason="too_many_statuses"}</c> grows by as many as were sent).
/// </summary>
internal sealed class TransportCcFloodAttack : IHostileAttack
{
    private const int Floods = 150;
    private static readonly TimeSpan Setup = TimeSpan.FromSeconds(30);

    private const string Refused = "scalemeet_bridge_transport_cc_refused_total{reason=\"too_many_statuses\"}";

    public string Name => "transport-cc-flood";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        // Someone to receive from, so the hostile participant gets a subscribe connection to send feedback on.
        await using var victim = await PacedSyntheticPublisher.StartAsync(target.ServerUri, target.Room, "transport-cc victim", cancellationToken);
        await using var hostile = await HostileReceiver.JoinAsync(target.ServerUri, target.Room, "transport-cc-flood", cancellationToken: cancellationToken);
        await AttackWaits.UntilAsync(() => hostile.MediaPackets > 0, Setup, "media at the hostile receiver", cancellationToken);

        var before = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);
        var sent = await FeedbackAttacker.RunAsync(hostile, FeedbackAttack.TransportCcFlood, Floods, 50, cancellationToken);

        Assert.Equal(Floods, sent);
        await AttackWaits.UntilAsync(async () => (await PrometheusScrape.ReadAsync(target.Server, cancellationToken)).Since(before, Refused) >= sent,
            Setup, $"all {sent} floods refused", cancellationToken);
    }
}
