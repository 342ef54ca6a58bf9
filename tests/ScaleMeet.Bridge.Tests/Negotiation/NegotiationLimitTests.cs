using System.Globalization;
using System.Text;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Tests.Negotiation;

/// <summary>
/// Every bound of a publish offer, at its default value and one past it: at the value Chrome's offer (grown to the
/// bound) is answered; one past it is refused with a message naming the setting, counted under that bound.
/// </summary>
public sealed class NegotiationLimitTests
{
    private static readonly NegotiationOptions Defaults = new();

    public static TheoryData<string, string> Bounds => new()
    {
        { nameof(NegotiationOptions.MaxOfferBytes), nameof(NegotiationLimit.OfferBytes) },
        { nameof(NegotiationOptions.MaxMediaSections), nameof(NegotiationLimit.MediaSections) },
        { nameof(NegotiationOptions.MaxAttributesPerSection), nameof(NegotiationLimit.AttributesPerSection) },
        { nameof(NegotiationOptions.MaxRidsPerSection), nameof(NegotiationLimit.RidsPerSection) },
        { nameof(NegotiationOptions.MaxSsrcsPerSection), nameof(NegotiationLimit.SsrcsPerSection) },
        { nameof(NegotiationOptions.MaxHeaderExtensionsPerSection), nameof(NegotiationLimit.HeaderExtensionsPerSection) },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void Offer_AtTheBound_Answered(string setting, string limit)
    {
        var offer = OfferWith(setting, Value(setting));

        Assert.True(PublishNegotiator.TryNegotiate(offer, PublishNegotiatorTests.Local, Defaults, out var result, out var refusal),
            $"{limit}: {refusal?.Message}");
        Assert.NotEmpty(result!.Producers);
    }

    [Theory]
    [MemberData(nameof(Bounds))]
    public void Offer_OnePastTheBound_BadSdpNamingTheSetting(string setting, string limit)
    {
        var offer = OfferWith(setting, Value(setting) + 1);

        Assert.False(PublishNegotiator.TryNegotiate(offer, PublishNegotiatorTests.Local, Defaults, out var result, out var refusal));

        Assert.Null(result);
        Assert.Equal(Enum.Parse<NegotiationLimit>(limit), refusal!.Limit);
        Assert.StartsWith("publish offer: ", refusal.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(ScaleMeet:Bridge:Negotiation:{setting})", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(Value(setting).ToString(CultureInfo.InvariantCulture), refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThousandRids_RefusedAtTheFourthRidLine()
    {
        var offer = OfferWith(nameof(NegotiationOptions.MaxRidsPerSection), 1000);
        var lines = offer.Split("\r\n");
        var fourthRid = Array.FindAll(Enumerable.Range(0, lines.Length).ToArray(), i => lines[i].StartsWith("a=rid:", StringComparison.Ordinal))[3] + 1;
        var videoLine = Array.FindIndex(lines, l => l.StartsWith("m=video", StringComparison.Ordinal)) + 1;

        Assert.False(PublishNegotiator.TryNegotiate(offer, PublishNegotiatorTests.Local, Defaults, out var result, out var refusal));

        Assert.Null(result);
        Assert.Equal(
            $"publish offer: line {fourthRid}: more than 3 a=rid lines in the m= section of line {videoLine} (the limit) (ScaleMeet:Bridge:Negotiation:MaxRidsPerSection)",
            refusal!.Message);
    }

    [Fact]
    public void SimulcastListingMoreStreamsThanRidLines_RefusedNamingTheRidBound()
    {
        var offer = Edit(ChromeOffers.WithSimulcast, d => d.Media[1].Simulcast = SdpSimulcast.Of(["q", "h", "f", "x"], []));

        Assert.False(PublishNegotiator.TryNegotiate(offer, PublishNegotiatorTests.Local, Defaults, out _, out var refusal));

        Assert.Equal(NegotiationLimit.RidsPerSection, refusal!.Limit);
        Assert.Contains("4 simulcast streams", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SimulcastNamingARidTwice_Refused()
    {
        var offer = Edit(ChromeOffers.WithSimulcast, d => d.Media[1].Simulcast = SdpSimulcast.Of(["q", "q"], []));

        Assert.False(PublishNegotiator.TryNegotiate(offer, PublishNegotiatorTests.Local, Defaults, out _, out var refusal));

        Assert.Contains("names a rid twice", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SevenHundredSeventyAudioSections_RefusedAtTheFourth()
    {
        // Small sections, so the offer stays under MaxOfferBytes and the section bound answers.
        var extra = string.Concat(Enumerable.Range(2, 768).Select(i => $"m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:{i}\r\na=sendonly\r\n"));
        var offer = ChromeOffers.WithSsrcs + extra;
        var lines = offer.Split("\r\n");
        var fourth = Array.FindAll(Enumerable.Range(0, lines.Length).ToArray(), i => lines[i].StartsWith("m=", StringComparison.Ordinal))[3] + 1;

        Assert.False(PublishNegotiator.TryNegotiate(offer, PublishNegotiatorTests.Local, Defaults, out _, out var refusal));

        Assert.Equal(NegotiationLimit.MediaSections, refusal!.Limit);
        Assert.Equal($"publish offer: line {fourth}: more than 3 m= sections (the limit) (ScaleMeet:Bridge:Negotiation:MaxMediaSections)", refusal.Message);
    }

    [Fact]
    public void SevenHundredSeventyChromeSizedSections_RefusedForTheirBytesUnparsed()
    {
        var offer = OfferWith(nameof(NegotiationOptions.MaxMediaSections), 770);

        Assert.False(PublishNegotiator.TryNegotiate(offer, PublishNegotiatorTests.Local, Defaults, out _, out var refusal));

        Assert.Equal(NegotiationLimit.OfferBytes, refusal!.Limit);
        Assert.EndsWith("at most 65536 are allowed (ScaleMeet:Bridge:Negotiation:MaxOfferBytes)", refusal.Message, StringComparison.Ordinal);
    }

    private static int Value(string setting) => (int)typeof(NegotiationOptions).GetProperty(setting)!.GetValue(Defaults)!;

    /// <summary>Chrome's offer grown so that the bound named by <paramref name="setting"/> counts exactly <paramref name="n"/>.</summary>
    private static string OfferWith(string setting, int n) => setting switch
    {
        nameof(NegotiationOptions.MaxOfferBytes) => PaddedTo(ChromeOffers.WithSimulcast, n),
        nameof(NegotiationOptions.MaxMediaSections) => Edit(ChromeOffers.WithSsrcs, d =>
        {
            for (var mid = d.Media.Count; mid < n; mid++)
            {
                var audio = new MediaDescription("audio", 9, "UDP/TLS/RTP/SAVPF", ["111"]) { Mid = mid.ToString(CultureInfo.InvariantCulture) };
                audio.Direction = SdpDirection.SendOnly;
                audio.AddRtpMap(new SdpRtpMap(111, "opus", 48000, 2));
                audio.AddSsrcAttribute((uint)(1000 + mid), "cname", "extra");
                d.Media.Add(audio);
            }
        }),
        nameof(NegotiationOptions.MaxAttributesPerSection) => Edit(ChromeOffers.WithSimulcast, d =>
        {
            var video = d.Media[1];
            for (var i = video.Attributes.Count; i < n; i++)
            {
                video.AddAttribute("x-padding", i.ToString(CultureInfo.InvariantCulture));
            }
        }),
        nameof(NegotiationOptions.MaxRidsPerSection) => Edit(ChromeOffers.WithSimulcast, d =>
        {
            var video = d.Media[1];
            video.Attributes.RemoveAll(a => a.Name is "rid" or "simulcast");
            var rids = Enumerable.Range(0, n).Select(i => "r" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            foreach (var rid in rids)
            {
                video.AddRid(new SdpRid(rid, "send"));
            }

            video.Simulcast = SdpSimulcast.Of(rids.Take(Value(nameof(NegotiationOptions.MaxRidsPerSection))), []);
        }),
        nameof(NegotiationOptions.MaxSsrcsPerSection) => Edit(ChromeOffers.WithSsrcs, d =>
        {
            var video = d.Media[1];
            for (var i = video.Ssrcs.Count; i < n; i++)
            {
                video.AddSsrcAttribute((uint)(5000 + i), "cname", "extra");
            }
        }),
        nameof(NegotiationOptions.MaxHeaderExtensionsPerSection) => Edit(ChromeOffers.WithSimulcast, d =>
        {
            var video = d.Media[1];
            var used = video.ExtMaps.Select(e => e.Id).ToHashSet();
            for (var id = 1; video.ExtMaps.Count < n; id++)
            {
                if (used.Add(id))
                {
                    video.AddExtMap(new SdpExtMap(id, $"urn:example:extension-{id}"));
                }
            }
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "no offer for this bound"),
    };

    private static string Edit(string sdp, Action<SessionDescription> edit)
    {
        Assert.True(SessionDescription.TryParse(sdp, out var description, out var error), error);
        edit(description!);
        return description!.ToString();
    }

    /// <summary><paramref name="sdp"/> with a session-level attribute that makes it exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string PaddedTo(string sdp, int bytes)
    {
        const string Prefix = "a=x-padding:";
        var at = sdp.IndexOf("t=0 0\r\n", StringComparison.Ordinal) + "t=0 0\r\n".Length;
        var padding = bytes - Encoding.UTF8.GetByteCount(sdp) - Prefix.Length - 2;
        var padded = sdp[..at] + Prefix + new string('x', padding) + "\r\n" + sdp[at..];
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(padded));
        return padded;
    }
}
