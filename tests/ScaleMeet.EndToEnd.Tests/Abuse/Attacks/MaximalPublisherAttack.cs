using System.Globalization;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// The most a publisher may legally ask for: three sections (audio, a three-layer simulcast camera, a camera with
/// eight SSRCs), each at the header extension and a= line bounds. It is answered, and it costs another receiver in
/// the room three sections: every subscribe offer that receiver gets stays within the signaling limit, its answers
/// are accepted, and the sections go inactive when the publisher leaves.
/// </summary>
internal sealed class MaximalPublisherAttack : IHostileAttack
{
    private const int Sections = 3;
    private const int ExtMaps = 16;
    private const int Attributes = 256;
    private const int Ssrcs = 8;
    private static readonly TimeSpan OfferTimeout = TimeSpan.FromSeconds(20);

    public string Name => "maximal-publisher";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        await using var receiver = await HostileSignaling.JoinAsync(target, "receiver of maximal-publisher", cancellationToken);
        using var receiverTransport = new SyntheticTransport();
        var offerSizes = new List<int>();
        var hostile = await HostileSignaling.JoinAsync(target, "hostile maximal-publisher", cancellationToken);
        string hostileId;
        try
        {
            hostileId = hostile.ParticipantId;
            using var transport = new SyntheticTransport();
            var reply = await hostile.RequestAsync<PublishAnswerMessage>(new PublishOfferMessage(MaximalOffer(transport)), cancellationToken);
            var answer = Assert.IsType<PublishAnswerMessage>(reply);
            Assert.True(SessionDescription.TryParse(answer.Sdp, out var answered, out var error), error);
            Assert.Equal(Sections, answered!.Media.Count(m => m.Port != 0));

            var withHostile = await AnswerOffersUntilAsync(receiver, receiverTransport, offerSizes,
                o => o.Tracks.Count(t => t.ParticipantId == hostileId) == Sections, cancellationToken);
            Assert.Equal(["audio", "video", "video"], withHostile.Tracks.Where(t => t.ParticipantId == hostileId).Select(t => t.Kind).Order());
        }
        finally
        {
            await hostile.DisposeAsync();
        }

        await AnswerOffersUntilAsync(receiver, receiverTransport, offerSizes, o => o.Tracks.All(t => t.ParticipantId != hostileId), cancellationToken);
        Assert.All(offerSizes, size => Assert.InRange(size, 1, SignalingCodec.MaxMessageBytes));
    }

    /// <summary>Answers the receiver's subscribe offers (recording their sizes) until one satisfies <paramref name="done"/>; a refused answer fails.</summary>
    private static async Task<SubscribeOfferMessage> AnswerOffersUntilAsync(HostileSignaling receiver, SyntheticTransport transport, List<int> sizes,
        Func<SubscribeOfferMessage, bool> done, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(OfferTimeout);
        await foreach (var message in receiver.Client.Messages.ReadAllAsync(timeout.Token))
        {
            switch (message)
            {
                case ErrorMessage error:
                    Assert.Fail($"the receiver's request was refused: {error.Code}: {error.Message}");
                    break;
                case SubscribeOfferMessage offer:
                    sizes.Add(SignalingCodec.Encode(offer).Length);
                    await receiver.Client.SendAsync(new SubscribeAnswerMessage(SyntheticSdp.SubscribeAnswer(transport, offer.Sdp), offer.Version), cancellationToken);
                    if (done(offer))
                    {
                        return offer;
                    }

                    break;
            }
        }

        throw new InvalidOperationException("the receiver's signaling closed before the expected subscribe offer");
    }

    /// <summary>Audio, a simulcast camera and a camera with <see cref="Ssrcs"/> SSRCs, each with <see cref="ExtMaps"/> extensions and <see cref="Attributes"/> a= lines.</summary>
    private static string MaximalOffer(SyntheticTransport transport)
    {
        var tracks = SyntheticTracks.Create(simulcast: true);
        Assert.True(SessionDescription.TryParse(SyntheticSdp.PublishOffer(transport, tracks), out var offer, out var error), error);
        var camera = offer!.Media[1];
        var second = new MediaDescription("video", 9, camera.Protocol, camera.Formats) { Mid = "2" };
        foreach (var attribute in camera.Attributes.Where(a => a.Name is not ("mid" or "rid" or "simulcast" or "msid")))
        {
            second.Attributes.Add(attribute);
        }

        second.Msid = $"{tracks.StreamId} second-camera";
        for (var i = 0; i < Ssrcs; i++)
        {
            second.AddSsrcAttribute((uint)(2_000_000 + i), "cname", tracks.Cname);
        }

        offer.Media.Add(second);
        offer.BundleMids = offer.Media.Select(m => m.Mid!).ToArray();
        foreach (var media in offer.Media)
        {
            var used = media.ExtMaps.Select(e => e.Id).ToHashSet();
            for (var id = 1; media.ExtMaps.Count < ExtMaps; id++)
            {
                if (used.Add(id))
                {
                    media.AddExtMap(new SdpExtMap(id, $"urn:example:hostile-{id}"));
                }
            }

            for (var n = media.Attributes.Count; n < Attributes; n++)
            {
                media.AddAttribute("x-hostile", n.ToString(CultureInfo.InvariantCulture));
            }
        }

        return offer.ToString();
    }
}
