using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Hostile;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// A receiver sends 250 1144-byte NACK storms (each naming the last 512 packets of a stream several times over), 50 a
/// second. Unbudgeted, every storm made the bridge retransmit up to 1664 packets. Asserted: what the hostile
/// receiver got as RTX stays within its budget (the burst plus the share of the media it was sent, server defaults),
/// some retransmissions still happen, and the server counted refusals for the budget and for repeats within a round trip.
/// </summary>
internal sealed class NackStormAttack : IHostileAttack
{
    /// <summary>The server defaults the bound is computed from (ScaleMeet:Bridge:Budgets).</summary>
    private const double RetransmitShare = 0.25;
    private const int RetransmitBurstBytes = 128 * 1024;
    private const int SrtpTag = 16;

    private const int Storms = 250;
    private static readonly TimeSpan Setup = TimeSpan.FromSeconds(30);

    public string Name => "nack-storm";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        await using var victim = await PacedSyntheticPublisher.StartAsync(target.ServerUri, target.Room, "nack-storm victim", cancellationToken);
        await using var hostile = await HostileReceiver.JoinAsync(target.ServerUri, target.Room, "nack-storm", cancellationToken: cancellationToken);
        await AttackWaits.UntilAsync(() => hostile.TryGetVideo(out _, out _) && hostile.MediaPackets > 60, Setup, "video (and audio) at the hostile receiver", cancellationToken);

        var before = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);
        var (media, mediaPackets, rtx, rtxPackets) = (hostile.MediaBytes, hostile.MediaPackets, hostile.RtxBytes, hostile.RtxPackets);
        var sent = await FeedbackAttacker.RunAsync(hostile, FeedbackAttack.NackStorm, Storms, 50, cancellationToken);
        await AttackWaits.UntilAsync(async () => (await PrometheusScrape.ReadAsync(target.Server, cancellationToken))
            .Since(before, "scalemeet_bridge_nacked_packets_total") >= sent * 3536.0, Setup, "every storm read by the bridge", cancellationToken);
        var after = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);

        // Both sides as the budget counts them: RTP after SRTP (plain length + the GCM tag).
        var mediaSent = hostile.MediaBytes - media + ((hostile.MediaPackets - mediaPackets) * SrtpTag);
        var resent = hostile.RtxBytes - rtx + ((hostile.RtxPackets - rtxPackets) * SrtpTag);
        var allowed = RetransmitBurstBytes + (RetransmitShare * mediaSent);
        Assert.Equal(Storms, sent);
        Assert.True(resent <= allowed, $"{resent} bytes retransmitted, more than the budget of {allowed:0} ({mediaSent} media bytes sent)");
        Assert.True(hostile.RtxPackets > rtxPackets, "the budget refused every retransmission");
        Assert.True(after.Since(before, "scalemeet_bridge_retransmits_refused_total{reason=\"budget\"}") > 0, "no retransmission refused for the budget");
        Assert.True(after.Since(before, "scalemeet_bridge_retransmits_refused_total{reason=\"recently_sent\"}") > 0, "no repeat within a round trip refused");
        Assert.True(after.Since(before, "scalemeet_bridge_retransmits_refused_total{reason=\"compound_limit\"}") >= sent * (3536.0 - 256), "the per-compound limit not applied");
    }
}
