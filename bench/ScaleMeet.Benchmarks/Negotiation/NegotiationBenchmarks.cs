using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.LoadTest.Peers;

namespace ScaleMeet.Benchmarks.Negotiation;

/// <summary>
/// What a publish offer costs to check and negotiate (off the media loop, on the caller's thread), from a browser's
/// offer to hostile ones the bounds refuse, and what writing the largest subscribe offer costs (on the thread pool).
/// </summary>
[MemoryDiagnoser]
public class NegotiationBenchmarks
{
    public enum Offer
    {
        /// <summary>Audio and a three-layer simulcast camera, as the synthetic peers (and Chrome, minus codecs) send.</summary>
        Browser,

        /// <summary>The browser's offer grown to MaxOfferBytes (64 KiB) with one long attribute: the largest that is read.</summary>
        LargestAccepted,

        /// <summary>1000 a=rid lines: refused at the fourth.</summary>
        ThousandRids,

        /// <summary>770 small audio sections: refused at the fourth m= line.</summary>
        SectionFlood,

        /// <summary>770 sections of about 280 bytes (≈ 220 KB): refused by its size, unparsed.</summary>
        OversizedSectionFlood,
    }

    private static readonly LocalTransportParameters Local = new("brUfrag1", "bridgePasswordBridgePass",
        string.Join(':', Enumerable.Repeat("AB", 32)), [new IPEndPoint(IPAddress.Loopback, 10000)]);

    private readonly NegotiationOptions _limits = new();
    private string _offer = string.Empty;
    private SubscribeOfferSnapshot _largestSubscribe = null!;

    [Params(Offer.Browser, Offer.LargestAccepted, Offer.ThousandRids, Offer.SectionFlood, Offer.OversizedSectionFlood)]
    public Offer Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var transport = new SyntheticTransport();
        var browser = SyntheticSdp.PublishOffer(transport, SyntheticTracks.Create(simulcast: true));
        _offer = Case switch
        {
            Offer.Browser => browser,
            Offer.LargestAccepted => Padded(browser, _limits.MaxOfferBytes),
            Offer.ThousandRids => browser + string.Concat(Enumerable.Range(0, 1000).Select(i => $"a=rid:r{i} send\r\n")),
            Offer.SectionFlood => browser + Sections(770, 16),
            Offer.OversizedSectionFlood => browser + Sections(770, 280),
            _ => throw new InvalidOperationException(Case.ToString()),
        };
        var expectAccepted = Case is Offer.Browser or Offer.LargestAccepted;
        if (PublishNegotiator.TryNegotiate(_offer, Local, _limits, out _, out var refusal) != expectAccepted)
        {
            throw new InvalidOperationException($"{Case}: unexpected outcome ({refusal?.Message})");
        }

        var sections = Enumerable.Range(0, _limits.MaxSubscribeSections)
            .Select(i => new SubscribeSectionSnapshot(i.ToString(CultureInfo.InvariantCulture), i % 2 == 0 ? MediaKind.Audio : MediaKind.Video,
                $"Participant{i / 2 % 100:00}", (i % 2).ToString(CultureInfo.InvariantCulture), (uint)(1000 + i), (uint)(500_000 + i)))
            .ToArray();
        _largestSubscribe = new SubscribeOfferSnapshot(new ScaleMeet.Bridge.Conferences.ConferenceKey("room", 0), "receiver", 1, Local, sections);
    }

    [Benchmark]
    public bool NegotiatePublishOffer() => PublishNegotiator.TryNegotiate(_offer, Local, _limits, out _, out _);

    /// <summary>Independent of <see cref="Case"/>: a receiver's subscribe offer at MaxSubscribeSections (300).</summary>
    [Benchmark]
    public int WriteLargestSubscribeOffer() => SubscribeOfferWriter.Write(_largestSubscribe, out _).Length;

    private static string Padded(string sdp, int bytes)
    {
        const string Prefix = "a=x-padding:";
        var at = sdp.IndexOf("t=0 0\r\n", StringComparison.Ordinal) + "t=0 0\r\n".Length;
        var padding = bytes - Encoding.UTF8.GetByteCount(sdp) - Prefix.Length - 2;
        return sdp[..at] + Prefix + new string('x', padding) + "\r\n" + sdp[at..];
    }

    /// <summary><paramref name="count"/> audio sections of about <paramref name="bytes"/> bytes each (mids from 100 on).</summary>
    private static string Sections(int count, int bytes)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var head = $"m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:{100 + i}\r\na=sendonly\r\n";
            text.Append(head);
            if (bytes > head.Length + 16)
            {
                text.Append("a=x-filler:").Append('x', bytes - head.Length - 13).Append("\r\n");
            }
        }

        return text.ToString();
    }
}
