using System.Text;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Peers;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// A publish offer whose video section lists 1000 <c>a=rid</c> lines (and 1000 rids in <c>a=simulcast</c>): before
/// the bounds it was answered and every rid got a 768 KB packet cache. Now: <c>bad_sdp</c> naming
/// <c>MaxRidsPerSection</c>, counted under that bound, and the server's resident memory does not jump.
/// </summary>
internal sealed class RidFloodAttack : IHostileAttack
{
    private const int Rids = 1000;

    /// <summary>Far below the 768 MB the rids used to cost; room for the collector's and the other rooms' noise.</summary>
    private const double MaxResidentGrowth = 32 * 1024 * 1024;

    private const string Refused = "scalemeet_bridge_sdp_refused_total{limit=\"rids_per_section\"}";

    public string Name => "rid-flood";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        var refusedBefore = await PrometheusScrape.ValueAsync(target.ServerUri, Refused, cancellationToken);
        var residentBefore = await PrometheusScrape.ValueAsync(target.ServerUri, "process_resident_memory_bytes", cancellationToken);

        await using var hostile = await HostileSignaling.JoinAsync(target, "hostile rid-flood", cancellationToken);
        using var transport = new SyntheticTransport();
        var offer = WithThousandRids(SyntheticSdp.PublishOffer(transport, SyntheticTracks.Create(simulcast: true)));
        var reply = await hostile.RequestAsync<PublishAnswerMessage>(new PublishOfferMessage(offer), cancellationToken);

        var error = Assert.IsType<ErrorMessage>(reply);
        Assert.Equal(SignalingErrorCodes.BadSdp, error.Code);
        Assert.Contains("more than 3 a=rid lines", error.Message, StringComparison.Ordinal);
        Assert.Contains("ScaleMeet:Bridge:Negotiation:MaxRidsPerSection", error.Message, StringComparison.Ordinal);
        Assert.Equal(refusedBefore + 1, await PrometheusScrape.ValueAsync(target.ServerUri, Refused, cancellationToken));
        var residentAfter = await PrometheusScrape.ValueAsync(target.ServerUri, "process_resident_memory_bytes", cancellationToken);
        Assert.True(residentAfter - residentBefore < MaxResidentGrowth,
            $"resident memory grew by {(residentAfter - residentBefore) / 1024 / 1024:0} MB during a refused 1000-rid offer");
    }

    /// <summary>The offer with its three rids replaced by <see cref="Rids"/> rids, all in <c>a=simulcast:send</c>.</summary>
    private static string WithThousandRids(string offer)
    {
        var lines = offer.Split("\r\n").Where(l => !l.StartsWith("a=rid:", StringComparison.Ordinal) && !l.StartsWith("a=simulcast:", StringComparison.Ordinal));
        var rids = Enumerable.Range(0, Rids).Select(i => $"r{i}").ToArray();
        var flood = new StringBuilder();
        foreach (var rid in rids)
        {
            flood.Append("a=rid:").Append(rid).Append(" send\r\n");
        }

        flood.Append("a=simulcast:send ").Append(string.Join(';', rids)).Append("\r\n");
        var sdp = string.Join("\r\n", lines).TrimEnd('\r', '\n') + "\r\n";

        // Into the video section, the last one.
        return sdp + flood;
    }
}
