using System.Globalization;
using System.Text;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Peers;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// Publish offers of 770 audio sections (before the bounds they cost 240 ms of media-loop time and grew every other
/// receiver's subscribe offer past the signaling limit): small sections, refused at the fourth (<c>MaxMediaSections</c>),
/// and sections as Chrome writes them, refused by their size before they are parsed (<c>MaxOfferBytes</c>). Both
/// <c>bad_sdp</c> naming the setting and counted under it.
/// </summary>
internal sealed class SectionFloodAttack : IHostileAttack
{
    private const int Sections = 770;

    public string Name => "section-flood";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        await using var hostile = await HostileSignaling.JoinAsync(target, "hostile section-flood", cancellationToken);
        using var transport = new SyntheticTransport();
        var chromeAudio = SyntheticSdp.PublishOffer(transport, SyntheticTracks.Create(video: false));

        await RefusedAsync(hostile, target.ServerUri, Flood(chromeAudio, small: true), "media_sections", "ScaleMeet:Bridge:Negotiation:MaxMediaSections", cancellationToken);

        // As large as the signaling limit lets it be: past MaxOfferBytes, so never parsed.
        var large = Flood(chromeAudio, small: false);
        Assert.InRange(SignalingCodec.Encode(new PublishOfferMessage(large) { RequestId = int.MaxValue }).Length, 128 * 1024, SignalingCodec.MaxMessageBytes);
        await RefusedAsync(hostile, target.ServerUri, large, "offer_bytes", "ScaleMeet:Bridge:Negotiation:MaxOfferBytes", cancellationToken);
    }

    private static async Task RefusedAsync(HostileSignaling hostile, Uri server, string offer, string limit, string setting,
        CancellationToken cancellationToken)
    {
        var series = $"scalemeet_bridge_sdp_refused_total{{limit=\"{limit}\"}}";
        var before = await PrometheusScrape.ValueAsync(server, series, cancellationToken);

        var error = Assert.IsType<ErrorMessage>(await hostile.RequestAsync<PublishAnswerMessage>(new PublishOfferMessage(offer), cancellationToken));

        Assert.Equal(SignalingErrorCodes.BadSdp, error.Code);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Equal(before + 1, await PrometheusScrape.ValueAsync(server, series, cancellationToken));
    }

    /// <summary>
    /// <see cref="Sections"/> audio sections after the session part of <paramref name="audioOffer"/>, each with its own
    /// mid: the m= line, the mid and a=sendonly (<paramref name="small"/>), or as a sending Opus section with its
    /// codec, feedback, header extensions and SSRC lines (about 280 bytes: 770 fit the signaling limit).
    /// </summary>
    private static string Flood(string audioOffer, bool small)
    {
        var session = audioOffer[..audioOffer.IndexOf("m=audio", StringComparison.Ordinal)];
        var flood = new StringBuilder(session);
        for (var i = 0; i < Sections; i++)
        {
            var mid = i.ToString(CultureInfo.InvariantCulture);
            flood.Append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n").Append(small ? string.Empty : "c=IN IP4 0.0.0.0\r\n")
                .Append("a=mid:").Append(mid).Append("\r\na=sendonly\r\n");
            if (!small)
            {
                var ssrc = (1_000_000 + i).ToString(CultureInfo.InvariantCulture);
                flood.Append("a=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n")
                    .Append("a=rtcp-fb:111 transport-cc\r\na=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n")
                    .Append("a=ssrc:").Append(ssrc).Append(" cname:hostile\r\na=ssrc:").Append(ssrc).Append(" msid:hostile audio-").Append(mid).Append("\r\n");
            }
        }

        return flood.ToString();
    }
}
