using ScaleMeet.Contracts.Control;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// One synthetic participant talking to a bridge directly through <see cref="IBridgeControl"/> (no focus, no
/// signaling): allocates its endpoint, publishes over <see cref="Publish"/>, answers subscribe offers and receives over
/// <see cref="Subscribe"/>. Both transports exist from construction so their callbacks can be set first.
/// Subscribe offers are not picked up by itself: the caller hands each <see cref="SubscribeOfferEvent"/> to
/// <see cref="AnswerSubscribeOfferAsync"/>. Not thread-safe: one caller drives it.
/// </summary>
public sealed class BridgeParticipant : IDisposable
{
    private readonly IBridgeControl _bridge;

    public BridgeParticipant(IBridgeControl bridge, string conferenceId, string endpointId, SyntheticTransportOptions? options = null)
    {
        _bridge = bridge;
        ConferenceId = conferenceId;
        EndpointId = endpointId;
        Publish = new SyntheticTransport(options);
        Subscribe = new SyntheticTransport(options);
    }

    public string ConferenceId { get; }

    public string EndpointId { get; }

    public SyntheticTransport Publish { get; }

    public SyntheticTransport Subscribe { get; }

    /// <summary>What <see cref="PublishAsync"/> offered; null before.</summary>
    public SyntheticTracks? Tracks { get; private set; }

    /// <summary>The bridge's publish answer; null before.</summary>
    public SessionDescription? PublishAnswer { get; private set; }

    /// <summary>The last subscribe offer answered; null before.</summary>
    public SessionDescription? SubscribeOffer { get; private set; }

    /// <summary>Version of the last subscribe offer answered; 0 before.</summary>
    public int SubscribeVersion { get; private set; }

    public async Task AllocateAsync(string displayName, CancellationToken cancellationToken = default) =>
        await SendAsync(new AllocateEndpointRequest(ConferenceId, EndpointId, displayName), cancellationToken).ConfigureAwait(false);

    /// <summary>Offers <paramref name="tracks"/>, applies the answer and connects the publish transport.</summary>
    public async Task PublishAsync(SyntheticTracks tracks, CancellationToken cancellationToken = default)
    {
        var offer = SyntheticSdp.PublishOffer(Publish, tracks);
        var reply = await SendAsync(new PublishOfferRequest(ConferenceId, EndpointId, offer), cancellationToken).ConfigureAwait(false);
        if (reply is not PublishAnswerReply answer)
        {
            throw new InvalidOperationException($"expected a publish answer, got {reply.GetType().Name}");
        }

        if (!SessionDescription.TryParse(answer.Sdp, out var parsed, out var error))
        {
            throw new FormatException($"the bridge's publish answer does not parse: {error}");
        }

        Tracks = tracks;
        PublishAnswer = parsed;
        if (Publish.State == SyntheticTransportState.New)
        {
            await Publish.ConnectAsync(RemoteTransportParameters.FromSdp(answer.Sdp), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Answers <paramref name="offer"/>; the first answer also connects the subscribe transport.</summary>
    public async Task AnswerSubscribeOfferAsync(SubscribeOfferEvent offer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (offer.EndpointId != EndpointId || offer.ConferenceId != ConferenceId)
        {
            throw new ArgumentException($"the offer is for {offer.ConferenceId}/{offer.EndpointId}, not {ConferenceId}/{EndpointId}", nameof(offer));
        }

        if (!SessionDescription.TryParse(offer.Sdp, out var parsed, out var error))
        {
            throw new FormatException($"subscribe offer {offer.Version} does not parse: {error}");
        }

        var answer = SyntheticSdp.SubscribeAnswer(Subscribe, offer.Sdp);
        await SendAsync(new SubscribeAnswerRequest(ConferenceId, EndpointId, answer, offer.Version), cancellationToken).ConfigureAwait(false);
        SubscribeOffer = parsed;
        SubscribeVersion = offer.Version;
        if (Subscribe.State == SyntheticTransportState.New)
        {
            await Subscribe.ConnectAsync(RemoteTransportParameters.FromSdp(offer.Sdp), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ExpireAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(new ExpireEndpointRequest(ConferenceId, EndpointId), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The SSRC the last subscribe offer gives to <paramref name="senderEndpointId"/>'s <paramref name="kind"/> track
    /// (and for video its RTX SSRC from <c>a=ssrc-group:FID</c>); null when the offer has no such sending section.
    /// </summary>
    public (uint Ssrc, uint? RtxSsrc, string Mid)? FindSubscribedTrack(string senderEndpointId, string kind)
    {
        foreach (var media in SubscribeOffer?.Media ?? [])
        {
            if (media.Kind != kind || media.Direction != SdpDirection.SendOnly || media.Msid?.Split(' ')[0] != senderEndpointId)
            {
                continue;
            }

            var fid = media.SsrcGroups.FirstOrDefault(g => g.Semantics == "FID" && g.Ssrcs.Count == 2);
            return fid is not null ? (fid.Ssrcs[0], fid.Ssrcs[1], media.Mid!) : (media.Ssrcs[0], null, media.Mid!);
        }

        return null;
    }

    public void Dispose()
    {
        Publish.Dispose();
        Subscribe.Dispose();
    }

    private async Task<BridgeReply> SendAsync(BridgeRequest request, CancellationToken cancellationToken)
    {
        var reply = await _bridge.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return reply is BridgeErrorReply error ? throw new BridgeRequestException(error.Code, error.Message) : reply;
    }
}
