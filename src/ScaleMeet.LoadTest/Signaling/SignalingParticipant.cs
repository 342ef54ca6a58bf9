using ScaleMeet.Contracts.Signaling;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.LoadTest.Signaling;

/// <summary>A subscribe offer arrived on <paramref name="transport"/> and was answered (<paramref name="offerSdp"/> is the server's offer).</summary>
public delegate void SubscribeOfferHandler(SyntheticTransport transport, string offerSdp);

/// <summary>
/// A synthetic participant that joins a ScaleMeet server the way a browser does: the signaling WebSocket, a
/// publish connection (offer → answer, ICE controlling, DTLS client, SRTP) and a subscribe connection answered
/// on every <c>subscribeOffer</c>. Media goes through <see cref="Publish"/> and arrives on <see cref="Subscribe"/>.
/// The server recycles the section of a track that went for the next track of its kind: the same mid then names
/// another participant, with a new SSRC and msid; <see cref="SubscribedTracks"/> always describes the latest offer.
/// On <c>moved</c> (its bridge was lost and the focus placed it on another) both transports restart towards the new
/// bridge: a new publish offer, the last receiver constraints again, and the new bridge's subscribe offers (versions
/// from 1) answered — as a browser does.
/// </summary>
public sealed class SignalingParticipant : IAsyncDisposable
{
    private readonly SignalingClient _signaling;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _lock = new();
    private Task _messageLoop = Task.CompletedTask;
    private TaskCompletionSource<PublishAnswerMessage> _publishAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReceiverConstraintsMessage? _constraints;
    private Task _reconnect = Task.CompletedTask;
    private IReadOnlyList<TrackInfo> _tracks = [];
    private SessionDescription? _subscribeOffer;

    private SignalingParticipant(SignalingClient signaling, SyntheticTransportOptions? options, SyntheticTracks? tracks,
        SubscribeOfferHandler? subscribeOffered)
    {
        _signaling = signaling;
        Publish = new SyntheticTransport(options);
        Subscribe = new SyntheticTransport(options);
        Tracks = tracks;
        _subscribeOffered = subscribeOffered;
    }

    private readonly SubscribeOfferHandler? _subscribeOffered;

    public string ParticipantId { get; private set; } = string.Empty;

    public SyntheticTransport Publish { get; }

    public SyntheticTransport Subscribe { get; }

    /// <summary>What the participant publishes; null for a receive-only participant (the publish transport stays unused).</summary>
    public SyntheticTracks? Tracks { get; }

    /// <summary>Version of the last subscribe offer answered; 0 before.</summary>
    public int SubscribeVersion { get; private set; }

    /// <summary>Messages the server refused (error replies), for diagnostics.</summary>
    public List<ErrorMessage> Errors { get; } = [];

    /// <summary>Every <c>dominantSpeaker</c> announced to this participant, in order (participant ids).</summary>
    public IReadOnlyList<string> DominantSpeakers
    {
        get
        {
            lock (_lock)
            {
                return [.. _dominantSpeakers];
            }
        }
    }

    private readonly List<string> _dominantSpeakers = [];

    /// <summary>How many times the server said <c>moved</c>; each time both transports reconnected to the new bridge.</summary>
    public int Moves { get; private set; }

    /// <summary>Why the last reconnect after <c>moved</c> failed (the publish answer never came, ICE or DTLS failed); null if none did.</summary>
    public Exception? MoveError { get; private set; }

    /// <summary>Joins <paramref name="room"/>, publishes audio + video and connects the publish transport.</summary>
    public static Task<SignalingParticipant> JoinAsync(Uri server, string room, string displayName, SyntheticTransportOptions? options = null,
        CancellationToken cancellationToken = default) =>
        JoinAsync(server, room, displayName, SyntheticTracks.Create(), options, null, cancellationToken);

    /// <summary>
    /// Joins <paramref name="room"/>; publishes <paramref name="tracks"/> (null: receive only) and connects the publish
    /// transport before returning. <paramref name="subscribeOffered"/> runs for every subscribe offer, after it is
    /// answered and before the subscribe transport connects (the first time), on the message loop.
    /// </summary>
    public static async Task<SignalingParticipant> JoinAsync(Uri server, string room, string displayName, SyntheticTracks? tracks,
        SyntheticTransportOptions? options, SubscribeOfferHandler? subscribeOffered, CancellationToken cancellationToken = default)
    {
        var signaling = await SignalingClient.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        var participant = new SignalingParticipant(signaling, options, tracks, subscribeOffered);
        try
        {
            await signaling.SendAsync(new JoinMessage(room, displayName), cancellationToken).ConfigureAwait(false);
            var joined = await participant.NextAsync<JoinedMessage>(cancellationToken).ConfigureAwait(false);
            participant.ParticipantId = joined.ParticipantId;

            // From here on one loop reads everything: subscribe offers may come before the publish answer.
            participant._messageLoop = Task.Run(participant.MessageLoopAsync, CancellationToken.None);
            if (tracks is null)
            {
                return participant;
            }

            await signaling.SendAsync(new PublishOfferMessage(SyntheticSdp.PublishOffer(participant.Publish, tracks)), cancellationToken)
                .ConfigureAwait(false);
            var answer = await participant._publishAnswer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            await participant.Publish.ConnectAsync(RemoteTransportParameters.FromSdp(answer.Sdp), cancellationToken).ConfigureAwait(false);
            return participant;
        }
        catch
        {
            await participant.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Asks for every other participant's video up to <paramref name="maxHeight"/> (no last-N limit, nobody on stage).</summary>
    public Task SetReceiveHeightAsync(int maxHeight, CancellationToken cancellationToken = default)
    {
        var constraints = new ReceiverConstraintsMessage(-1, [], maxHeight, new Dictionary<string, VideoConstraint>());
        lock (_lock)
        {
            _constraints = constraints;
        }

        return _signaling.SendAsync(constraints, cancellationToken);
    }

    /// <summary>The SSRC the latest subscribe offer gives to <paramref name="senderId"/>'s track of <paramref name="kind"/>, if any.</summary>
    public uint? SubscribedSsrc(string senderId, string kind) =>
        SubscribedTracks.FirstOrDefault(t => t.ParticipantId == senderId && t.Kind == kind)?.Ssrc;

    /// <summary>The remote tracks of the latest subscribe offer answered, in mid order, with their SSRCs.</summary>
    public IReadOnlyList<SubscribedTrack> SubscribedTracks
    {
        get
        {
            lock (_lock)
            {
                var tracks = new List<SubscribedTrack>();
                foreach (var track in _tracks)
                {
                    if (_subscribeOffer?.FindMedia(track.Mid) is { Ssrcs.Count: > 0 } media)
                    {
                        tracks.Add(new SubscribedTrack(track.Mid, track.ParticipantId, track.Kind, media.Ssrcs[0]));
                    }
                }

                return tracks;
            }
        }
    }

    /// <summary>Before the message loop runs (only <c>joined</c>, which comes first): the next message of type <typeparamref name="T"/>; an error reply fails.</summary>
    private async Task<T> NextAsync<T>(CancellationToken cancellationToken)
        where T : SignalingMessage
    {
        while (await _signaling.Messages.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_signaling.Messages.TryRead(out var message))
            {
                switch (message)
                {
                    case T wanted:
                        return wanted;
                    case ErrorMessage error:
                        throw new InvalidOperationException($"the server refused: {error.Code}: {error.Message}");
                }
            }
        }

        throw new InvalidOperationException(
            $"the signaling connection closed before '{typeof(T).Name}' ({_signaling.CloseStatus?.ToString() ?? "no close status"}: {_signaling.CloseStatusDescription ?? ""})");
    }

    private async Task MessageLoopAsync()
    {
        try
        {
            await foreach (var message in _signaling.Messages.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                switch (message)
                {
                    case PublishAnswerMessage answer:
                        _publishAnswer.TrySetResult(answer);
                        break;
                    case MovedMessage:
                        await MoveAsync().ConfigureAwait(false);
                        break;
                    case SubscribeOfferMessage offer:
                        await AnswerAsync(offer).ConfigureAwait(false);
                        break;
                    case DominantSpeakerMessage speaker:
                        lock (_lock)
                        {
                            _dominantSpeakers.Add(speaker.ParticipantId);
                        }

                        break;
                    case ErrorMessage error:
                        lock (_lock)
                        {
                            Errors.Add(error);
                        }

                        _publishAnswer.TrySetException(new InvalidOperationException($"the server refused: {error.Code}: {error.Message}"));
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            // A subscribe offer that came first and failed (its transport did not connect, say) is the join's failure.
            _publishAnswer.TrySetException(ex);
            throw;
        }
        finally
        {
            _publishAnswer.TrySetException(new InvalidOperationException(
                $"the signaling connection closed before the publish answer ({_signaling.CloseStatus?.ToString() ?? "no close status"}: {_signaling.CloseStatusDescription ?? ""})"));
        }
    }

    /// <summary>
    /// The media moved to another bridge: both transports forget the old one; the subscribe transport connects on the
    /// new bridge's first offer (<see cref="AnswerAsync"/>), the publish transport once the new publish answer is in
    /// — off the message loop, which has to deliver that answer.
    /// </summary>
    private async Task MoveAsync()
    {
        // A publish answer still awaited from an earlier move will not come now: that reconnect ends.
        _publishAnswer.TrySetCanceled();
        await _reconnect.ConfigureAwait(false);
        ReceiverConstraintsMessage? constraints;
        TaskCompletionSource<PublishAnswerMessage> publishAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            Moves++;
            _tracks = [];
            _subscribeOffer = null;
            SubscribeVersion = 0;
            constraints = _constraints;
            _publishAnswer = publishAnswer;
        }

        Subscribe.Restart();
        if (constraints is not null)
        {
            await _signaling.SendAsync(constraints, _stop.Token).ConfigureAwait(false);
        }

        if (Tracks is null)
        {
            return;
        }

        Publish.Restart();
        await _signaling.SendAsync(new PublishOfferMessage(SyntheticSdp.PublishOffer(Publish, Tracks)), _stop.Token).ConfigureAwait(false);
        _reconnect = Task.Run(async () =>
        {
            try
            {
                var answer = await publishAnswer.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
                await Publish.ConnectAsync(RemoteTransportParameters.FromSdp(answer.Sdp), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested || publishAnswer.Task.IsCanceled)
            {
            }
            catch (Exception ex)
            {
                MoveError = ex;
            }
        }, CancellationToken.None);
    }

    private async Task AnswerAsync(SubscribeOfferMessage offer)
    {
        if (!SessionDescription.TryParse(offer.Sdp, out var parsed, out var error))
        {
            throw new FormatException($"subscribe offer {offer.Version} does not parse: {error}");
        }

        await _signaling.SendAsync(new SubscribeAnswerMessage(SyntheticSdp.SubscribeAnswer(Subscribe, offer.Sdp), offer.Version), _stop.Token)
            .ConfigureAwait(false);
        lock (_lock)
        {
            _tracks = offer.Tracks;
            _subscribeOffer = parsed;
            SubscribeVersion = offer.Version;
        }

        _subscribeOffered?.Invoke(Subscribe, offer.Sdp);
        if (Subscribe.State == SyntheticTransportState.New)
        {
            await Subscribe.ConnectAsync(RemoteTransportParameters.FromSdp(offer.Sdp), _stop.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _messageLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or FormatException or TimeoutException)
        {
        }

        await _reconnect.ConfigureAwait(false);
        await _signaling.DisposeAsync().ConfigureAwait(false);
        Publish.Dispose();
        Subscribe.Dispose();
        _stop.Dispose();
    }
}
