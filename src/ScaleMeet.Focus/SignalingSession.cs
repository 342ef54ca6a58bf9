using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Bridges;
using ScaleMeet.Focus.Auth;

namespace ScaleMeet.Focus;

/// <summary>
/// The state machine of one signaling connection (docs/protocol.md): New → (join or resume) → Joined → (leave or close)
/// → Closed; a connection that drops (<see cref="ConnectionLostAsync"/>) leaves the participant suspended for a resume
/// on another connection (<see cref="FocusService.TrySuspend"/>).
/// Every request is answered or refused with an <c>error</c> echoing its <c>requestId</c>; a refusal never
/// closes the connection. Threading: the transport calls <see cref="HandleFrameAsync"/>/<see cref="HandleAsync"/>
/// for one message at a time, in arrival order, and <see cref="CloseAsync"/> after the last one; bridge events
/// for this participant arrive on other threads through <see cref="FocusService"/>.
/// A join is authenticated first (the token, in mode jwt), then admitted by the room (its password). Wrong passwords are
/// counted per connection: the last allowed one (<see cref="RoomPasswordOptions.MaxAttemptsPerConnection"/>) is refused
/// with <c>password_attempts_exceeded</c> and closes the connection.
/// </summary>
public sealed class SignalingSession
{
    private readonly FocusService _focus;
    private readonly ILogger _log;
    private readonly IJoinAdmission? _admission;
    private readonly string _region;
    private Outbox _outbox;
    private Participant? _participant;
    private bool _closed;
    private bool _superseded;
    private volatile bool _waitingForResume;
    private int _wrongPasswords;

    internal SignalingSession(FocusService focus, Outbox outbox, ILogger log, IJoinAdmission? admission, string region)
    {
        _region = region;
        _focus = focus;
        _outbox = outbox;
        _log = log;
        _admission = admission;
    }

    /// <summary>The participant id once joined; null before and after.</summary>
    public string? ParticipantId => _participant?.Id;

    /// <summary>Decodes one text message (UTF-8 JSON) and handles it; undecodable input is answered with an error.</summary>
    public Task HandleFrameAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        SignalingMessage? message;
        ErrorMessage? error;
        try
        {
            if (!SignalingCodec.TryDecode(utf8.Span, out message, out error))
            {
                Refuse(error!);
                return Task.CompletedTask;
            }
        }
        catch (InvalidOperationException ex)
        {
            // The codec lets System.Text.Json's "invalid UTF-8 in a string" escape; it is still just bad input.
            Refuse(SignalingErrorCodes.Malformed, $"invalid JSON: {ex.Message}");
            return Task.CompletedTask;
        }

        return HandleAsync(message!, cancellationToken);
    }

    /// <summary>Handles one decoded message from the browser.</summary>
    public async Task HandleAsync(SignalingMessage message, CancellationToken cancellationToken)
    {
        var requestId = message.RequestId;
        if (_participant is { } current && requestId is { } id && message is not PingMessage)
        {
            current.LastRequestId = id; // handled from here on: a resumed page does not send it again
        }

        try
        {
            switch (message)
            {
                case ResumeMessage resume:
                    await ResumeAsync(resume).ConfigureAwait(false);
                    break;
                case PingMessage:
                    _outbox.Post(new PongMessage { RequestId = requestId });
                    break;
                case JoinMessage join:
                    await JoinAsync(join, cancellationToken).ConfigureAwait(false);
                    break;
                case PublishOfferMessage or SubscribeAnswerMessage or SetMutedMessage or LeaveMessage or ReceiverConstraintsMessage or SetRoomPasswordMessage
                    when _participant is null:
                    Refuse(SignalingErrorCodes.NotJoined, _closed ? "the session has left the room" : "send 'join' first", requestId);
                    break;
                case PublishOfferMessage offer:
                    await PublishOfferAsync(_participant!, offer, cancellationToken).ConfigureAwait(false);
                    break;
                case SubscribeAnswerMessage answer:
                    await SubscribeAnswerAsync(_participant!, answer, cancellationToken).ConfigureAwait(false);
                    break;
                case SetMutedMessage muted:
                    _focus.SetMuted(_participant!, muted.AudioMuted, muted.VideoMuted);
                    break;
                case LeaveMessage:
                    await CloseAsync("left").ConfigureAwait(false);
                    break;
                case ReceiverConstraintsMessage constraints:
                    await ReceiverConstraintsAsync(_participant!, constraints, cancellationToken).ConfigureAwait(false);
                    break;
                case SetRoomPasswordMessage setPassword:
                    SetRoomPassword(_participant!, setPassword);
                    break;
                default:
                    Refuse(SignalingErrorCodes.UnknownType, $"'{TypeName(message)}' is not a message a client sends", requestId);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            FocusLog.HandlerFailed(_log, ex, TypeName(message));
            if (message is JoinMessage)
            {
                _focus.Counters.JoinFailed(JoinFailureReasons.Internal);
            }

            Refuse(SignalingErrorCodes.Internal, $"{TypeName(message)} failed: {ex.Message}", requestId);
        }
    }

    /// <summary>Sends an error the transport found itself (a binary frame, an oversized message).</summary>
    public void Refuse(string code, string message, int? requestId = null) =>
        Refuse(new ErrorMessage(code, message) { RequestId = requestId });

    /// <summary>The connection ended (or the browser sent <c>leave</c>): leaves the room and closes. Idempotent.</summary>
    public async Task CloseAsync(string reason)
    {
        _closed = true;
        var participant = _participant;
        _participant = null;
        if (_superseded)
        {
            // The participant went on on another connection (resume): nothing of it is this session's to end.
            EndAdmission();
            return;
        }

        if (participant is not null)
        {
            await _focus.LeaveAsync(participant, reason).ConfigureAwait(false);
        }

        EndAdmission();
        _outbox.PostClose(reason);
    }

    /// <summary>
    /// The connection dropped without <c>leave</c> (a network failure, not a close by the page or the server): the
    /// participant waits for its page to resume (<see cref="FocusOptions.ResumeGracePeriod"/>); without resumption, or
    /// before a join, the same as <see cref="CloseAsync"/>. True when the participant waits: its admission (its place
    /// and its connection's slot, bounding what one address may hold) stays taken, and this session closes it when the
    /// wait ends; the host must not close it meanwhile.
    /// </summary>
    public async Task<bool> ConnectionLostAsync(string reason)
    {
        if (_participant is { } participant && !_closed && !_superseded)
        {
            _waitingForResume = true;
            if (_focus.TrySuspend(participant, this, reason, () => CloseAsync($"{reason}; no resume within {_focus.ResumeGracePeriod.TotalSeconds:0.#} s")))
            {
                return true;
            }

            _waitingForResume = false;
        }

        await CloseAsync(reason).ConfigureAwait(false);
        return false;
    }

    /// <summary>Another session resumed this one's participant: from now on this session owns nothing.</summary>
    internal void Supersede() => _superseded = true;

    /// <summary>The participant is gone from this session: its place goes back, and, after a wait for a resume, the connection's slot too.</summary>
    private void EndAdmission()
    {
        if (_waitingForResume)
        {
            _admission?.Close();
        }
        else
        {
            _admission?.Release();
        }
    }

    private async Task ResumeAsync(ResumeMessage resume)
    {
        if (_participant is not null || _closed)
        {
            Refuse(SignalingErrorCodes.AlreadyJoined, "this connection has already joined a room", resume.RequestId);
            return;
        }

        var connection = _outbox.Connection;
        var (participant, previous, previousConnection, problem) = connection is null
            ? (null, null, null, "the connection is gone")
            : _focus.Resume(resume, this, connection);
        if (participant is null)
        {
            Refuse(SignalingErrorCodes.ResumeFailed, problem!, resume.RequestId);
            return;
        }

        _outbox = participant.Outbox;
        _participant = participant;
        previous?.Supersede();
        previous?.EndAdmission();
        previousConnection?.Close("the participant resumed on another connection");

        // The place moves with the participant: the old connection's was given back just now, this one takes it (from
        // the same address even at its cap). Only another join taking it in between can refuse; the participant must
        // not stay uncounted then, so it leaves.
        if (_admission?.TryAdmit() is { } refusal)
        {
            await CloseAsync($"resumed over the participant limit: {refusal.Message}").ConfigureAwait(false);
        }
    }

    private void Refuse(ErrorMessage error)
    {
        FocusLog.RequestRefused(_log, error.Code, error.Message);
        _focus.Counters.SignalingErrorSent(error.Code);
        _outbox.Post(error);
    }

    private async Task JoinAsync(JoinMessage join, CancellationToken cancellationToken)
    {
        var requestId = join.RequestId;
        if (_participant is not null || _closed)
        {
            RefuseJoin(JoinFailureReasons.AlreadyJoined, SignalingErrorCodes.AlreadyJoined, "this connection has already joined a room", requestId);
            return;
        }

        if (!SignalingRules.IsValidRoom(join.Room))
        {
            RefuseJoin(JoinFailureReasons.InvalidRoom, SignalingErrorCodes.InvalidRoom, $"a room name is 1-{SignalingRules.MaxRoomLength} of A-Z a-z 0-9 _ . - (was '{Shorten(join.Room)}')", requestId);
            return;
        }

        var token = await _focus.Authenticator.AuthenticateAsync(join.Room, join.Token).ConfigureAwait(false);
        if (!token.IsAccepted)
        {
            FocusLog.JoinRefused(_log, join.Room, token.ErrorCode!, token.Message!);
            RefuseJoin(token.ErrorCode!, token.ErrorCode!, token.Message!, requestId);
            return;
        }

        // A token's name is the name: what the page sent instead is not even looked at.
        string? problem = null;
        var displayName = token.DisplayName ?? SignalingRules.NormalizeDisplayName(join.DisplayName, out problem);
        if (displayName is null)
        {
            RefuseJoin(JoinFailureReasons.InvalidName, SignalingErrorCodes.InvalidName, problem!, requestId);
            return;
        }

        if (_admission?.TryAdmit() is { } refusal)
        {
            RefuseJoin(refusal.PerAddress ? JoinFailureReasons.AddressParticipantLimit : JoinFailureReasons.ParticipantLimit,
                SignalingErrorCodes.ServerFull, refusal.Message, requestId);
            return;
        }

        var credentials = new JoinCredentials(join.Password, token.Moderator);
        JoinResult result = default;
        try
        {
            result = await _focus.JoinAsync(_outbox, join.Room, displayName, credentials, _region, requestId, cancellationToken, this).ConfigureAwait(false);
        }
        finally
        {
            // Whatever ended the join without a participant (a refusal, cancellation, a bug) gives the place back.
            if (result.Participant is null)
            {
                _admission?.Release();
            }
        }

        if (result.Participant is null)
        {
            FocusLog.JoinRefused(_log, join.Room, result.ErrorCode!, result.ErrorMessage!);
            if (result.ErrorCode == SignalingErrorCodes.WrongPassword && ++_wrongPasswords >= _focus.RoomPasswords.MaxAttemptsPerConnection)
            {
                await RefuseAfterLastPasswordAsync(join.Room, requestId).ConfigureAwait(false);
                return;
            }

            RefuseJoin(result.FailureReason!, result.ErrorCode!, result.ErrorMessage!, requestId);
            return;
        }

        _participant = result.Participant;
        _focus.Counters.JoinSucceeded();
    }

    private void RefuseJoin(string reason, string code, string message, int? requestId)
    {
        _focus.Counters.JoinFailed(reason);
        Refuse(code, message, requestId);
    }

    /// <summary>The connection's last allowed wrong password: refuse it, then close the connection (after the error).</summary>
    private async Task RefuseAfterLastPasswordAsync(string room, int? requestId)
    {
        AuthLog.PasswordAttemptsExceeded(_log, _wrongPasswords, room);
        RefuseJoin(JoinFailureReasons.PasswordAttemptsExceeded, SignalingErrorCodes.PasswordAttemptsExceeded,
            $"{_wrongPasswords} wrong passwords on this connection; it is closed now", requestId);
        await CloseAsync("too many wrong passwords").ConfigureAwait(false);
    }

    private void SetRoomPassword(Participant participant, SetRoomPasswordMessage message)
    {
        var maxLength = _focus.RoomPasswords.MaxLength;
        if (message.Password is { Length: var length } && length > maxLength)
        {
            Refuse(SignalingErrorCodes.Malformed, $"setRoomPassword: a room password is at most {maxLength} characters (was {length})", message.RequestId);
            return;
        }

        var refusal = _focus.SetRoomPassword(participant, message.Password, message.RequestId);
        if (refusal == SignalingErrorCodes.NotModerator)
        {
            Refuse(refusal, "only a moderator may set or clear the room's password", message.RequestId);
        }
        else if (refusal is not null)
        {
            Refuse(refusal, "the session has left the room", message.RequestId);
        }
    }

    private async Task PublishOfferAsync(Participant participant, PublishOfferMessage offer, CancellationToken cancellationToken)
    {
        var request = new PublishOfferRequest(participant.Room.ConferenceId, participant.Id, offer.Sdp) { Generation = participant.Room.Generation };
        var reply = await _focus.SendToBridgeAsync(participant.Bridge, request, cancellationToken).ConfigureAwait(false);
        switch (reply)
        {
            case PublishAnswerReply answer:
                _outbox.Post(new PublishAnswerMessage(answer.Sdp) { RequestId = offer.RequestId });
                break;
            case BridgeErrorReply error:
                Refuse(MapBridgeError(error.Code), error.Message, offer.RequestId);
                break;
            default:
                Refuse(SignalingErrorCodes.Internal, $"the bridge answered publishOffer with '{reply.GetType().Name}'", offer.RequestId);
                break;
        }
    }

    private async Task SubscribeAnswerAsync(Participant participant, SubscribeAnswerMessage answer, CancellationToken cancellationToken)
    {
        var outstanding = _focus.GetOutstandingOfferVersion(participant);
        if (outstanding != answer.Version)
        {
            var expected = outstanding is { } v ? $"the outstanding offer is version {v}" : "no subscribe offer is outstanding";
            Refuse(SignalingErrorCodes.OutOfOrder, $"subscribeAnswer version {answer.Version}: {expected}", answer.RequestId);
            return;
        }

        var request = new SubscribeAnswerRequest(participant.Room.ConferenceId, participant.Id, answer.Sdp, answer.Version) { Generation = participant.Room.Generation };
        var reply = await _focus.SendToBridgeAsync(participant.Bridge, request, cancellationToken).ConfigureAwait(false);
        switch (reply)
        {
            case OkReply:
                _focus.CompleteSubscribeAnswer(participant, answer.Version);
                break;
            case BridgeErrorReply error:
                Refuse(MapBridgeError(error.Code), error.Message, answer.RequestId);
                break;
            default:
                Refuse(SignalingErrorCodes.Internal, $"the bridge answered subscribeAnswer with '{reply.GetType().Name}'", answer.RequestId);
                break;
        }
    }

    private async Task ReceiverConstraintsAsync(Participant participant, ReceiverConstraintsMessage constraints, CancellationToken cancellationToken)
    {
        var problem = SignalingRules.ValidateReceiverConstraints(constraints);
        if (problem is not null)
        {
            Refuse(SignalingErrorCodes.Malformed, problem, constraints.RequestId);
            return;
        }

        var request = new ReceiverConstraintsRequest(participant.Room.ConferenceId, participant.Id, ControlTranslation.ToControl(constraints)) { Generation = participant.Room.Generation };
        var reply = await _focus.SendToBridgeAsync(participant.Bridge, request, cancellationToken).ConfigureAwait(false);
        if (reply is BridgeErrorReply error)
        {
            Refuse(MapBridgeError(error.Code), error.Message, constraints.RequestId);
        }
    }

    /// <summary>A bridge's refusal as the browser's error code.</summary>
    internal static string MapBridgeError(string bridgeCode) => bridgeCode switch
    {
        BridgeErrorCodes.BadSdp => SignalingErrorCodes.BadSdp,
        BridgeErrorCodes.OutOfOrder => SignalingErrorCodes.OutOfOrder,
        BridgeErrorCodes.ShuttingDown or BridgeErrorCodes.UnknownEndpoint => SignalingErrorCodes.BridgeUnavailable,
        _ => SignalingErrorCodes.Internal,
    };

    private static string TypeName(SignalingMessage message)
    {
        var name = message.GetType().Name;
        name = name.EndsWith("Message", StringComparison.Ordinal) ? name[..^"Message".Length] : name;
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
