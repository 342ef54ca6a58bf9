using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Auth;
using ScaleMeet.Focus.Bridges;
using ScaleMeet.Focus.Selection;

namespace ScaleMeet.Focus;

/// <summary>
/// Rooms, participants and the bridges that serve them. Browsers reach it through one
/// <see cref="SignalingSession"/> per connection; bridges through <see cref="IBridgeControl"/> (requests) and
/// <see cref="IBridgeEventSink"/> (events).
/// Threading: signaling rates are low, so one lock guards rooms, participants and the bridge list. It is never
/// held across an await or a send: messages are posted to each connection's <see cref="Outbox"/>, which
/// delivers them in posting order from the thread pool.
/// Ids: the conference id of a room is its name lower-cased (rooms are case-insensitive); a participant id is
/// 11 random base64url characters and is also its endpoint id on the bridge.
/// Moderators (<see cref="AuthOptions"/>): in mode none the first participant of a room, and when the last moderator
/// leaves, the longest-present participant (as Jicofo's auto-owner does); in mode jwt whoever's token says so, and nobody
/// else. A moderator sets or clears the room's password; joins of a locked room must carry it (token moderators excepted).
/// </summary>
public sealed partial class FocusService : IBridgeEventSink
{
    private readonly object _lock = new();
    private readonly FocusOptions _options;
    private readonly AuthOptions _auth;
    private readonly BridgeSelector _selection;
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IceServerInfo> _iceServers;
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);
    private long _generations;

    private static readonly IReadOnlyDictionary<string, int> EmptyConference = new Dictionary<string, int>();

    /// <summary>The bridges the focus knows and their states.</summary>
    public BridgeRegistry Bridges { get; }

    /// <summary>Registrations, refusals and losses of bridge control channels.</summary>
    public BridgeControlCounters BridgeCounters { get; } = new();

    /// <summary>This focus's id in <c>welcome</c> (random per process).</summary>
    public string FocusId { get; } = "focus-" + ParticipantIds.New();

    /// <summary>Cumulative signaling outcomes (joins, refusals, errors sent), published by <see cref="FocusMetrics"/>.</summary>
    internal FocusCounters Counters { get; } = new();

    /// <summary>Checks a join's token (mode jwt) and gives its name and moderator flag.</summary>
    internal JoinAuthenticator Authenticator { get; }

    /// <summary>The room password rules: attempt bound per connection, longest password.</summary>
    internal RoomPasswordOptions RoomPasswords => _auth.RoomPassword;

    public FocusService(FocusOptions options, ILoggerFactory loggerFactory, TimeProvider time)
        : this(options, new AuthOptions(), loggerFactory, time)
    {
    }

    /// <summary>A focus that authenticates joins as <paramref name="auth"/> says (validated options).</summary>
    /// <exception cref="ArgumentException"><see cref="FocusOptions.BridgeSelection"/> is invalid.</exception>
    public FocusService(FocusOptions options, AuthOptions auth, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _options = options;
        _auth = auth;
        Authenticator = new JoinAuthenticator(auth, time);
        _loggers = loggerFactory;
        _log = loggerFactory.CreateLogger<FocusService>();
        _time = time;
        _selection = new BridgeSelector(options.BridgeSelection);
        Bridges = new BridgeRegistry(time, options.BridgeSelection.ParticipantRampUpInterval, TimeSpan.FromMinutes(10));
        _iceServers = options.IceServers.Select(s => new IceServerInfo([.. s.Urls], s.Username, s.Credential)).ToArray();
    }

    /// <summary>
    /// Makes an in-process <paramref name="bridge"/> (no control channel, no heartbeats) available for new conferences,
    /// Active at once. For tests that drive the focus against a fake bridge; real bridges register through a
    /// <see cref="BridgeAcceptor"/>. Ids are unique.
    /// </summary>
    public void RegisterBridge(IBridgeControl bridge)
    {
        var entry = new RegisteredBridge(bridge, "", "1.0.0", [], 0, _time.GetTimestamp()) { State = BridgeState.Active };
        if (!Bridges.TryAdd(entry))
        {
            throw new InvalidOperationException($"a bridge with id '{bridge.BridgeId}' is already registered");
        }

        FocusLog.BridgeRegistered(_log, bridge.BridgeId);
    }

    /// <summary>A remote bridge whose hello was accepted: Connecting until its first heartbeat. False when the id is taken by a live bridge.</summary>
    internal bool AddRemoteBridge(BridgeConnection connection, HelloMessage hello, string? statsUrl)
    {
        var entry = new RegisteredBridge(connection, hello.Region, hello.Version, hello.MediaAddresses, hello.AverageParticipantStress, _time.GetTimestamp())
        {
            StatsUrl = statsUrl,
            RelayAddress = hello.RelayAddress,
        };
        return Bridges.TryAdd(entry);
    }

    /// <summary>
    /// Starts the session of a new signaling connection; <paramref name="admission"/> (the host's participant caps for
    /// this connection, none by default) is asked before each join.
    /// </summary>
    /// <param name="region">The participant's region (the ingress's header, an allowed <c>?region=</c>); null for the
    /// focus's own (<see cref="FocusOptions.Region"/>).</param>
    public SignalingSession CreateSession(ISignalingConnection connection, IJoinAdmission? admission = null, string? region = null) =>
        new(this, new Outbox(connection, _log, _options.ResumeGracePeriod > TimeSpan.Zero ? new ResumeLog(_options.ResumeBufferMessages, _options.ResumeBufferBytes) : null),
            _loggers.CreateLogger<SignalingSession>(), admission, region ?? _options.Region);

    /// <summary>Counts of live state, for health pages and for tests that assert state is freed.</summary>
    public FocusSnapshot GetSnapshot()
    {
        lock (_lock)
        {
            return new FocusSnapshot(_rooms.Count, _participants.Count, Bridges.Snapshot().Count(b => b.Bridge.State is BridgeState.Active or BridgeState.Draining));
        }
    }

    /// <summary>Participants by the region their connection named ("" for none), for <c>/stats</c>.</summary>
    public IReadOnlyDictionary<string, int> ParticipantsByRegion()
    {
        lock (_lock)
        {
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var participant in _participants.Values)
            {
                counts[participant.Region] = counts.GetValueOrDefault(participant.Region) + 1;
            }

            return counts;
        }
    }

    /// <inheritdoc />
    public void OnBridgeEvent(string bridgeId, BridgeEvent bridgeEvent)
    {
        switch (bridgeEvent)
        {
            case SubscribeOfferEvent offer:
                OnSubscribeOffer(bridgeId, offer);
                break;
            case EndpointExpiredEvent expired:
                OnEndpointExpired(bridgeId, expired);
                break;
            case DominantSpeakerEvent speaker:
                OnDominantSpeaker(bridgeId, speaker);
                break;
            case SenderConstraintsEvent constraints:
                OnSenderConstraints(bridgeId, constraints);
                break;
            default:
                FocusLog.BridgeEventIgnored(_log, bridgeEvent.GetType().Name, bridgeId, bridgeEvent.EndpointId);
                break;
        }
    }

    /// <summary>
    /// Enters a room: checks its password, reserves a place, allocates the endpoint on the room's bridge, then announces it.
    /// </summary>
    internal async Task<JoinResult> JoinAsync(Outbox outbox, string roomName, string displayName, JoinCredentials credentials, string region,
        int? requestId, CancellationToken cancellationToken, SignalingSession? session = null)
    {
        var conferenceId = roomName.ToLowerInvariant();
        Participant participant;
        lock (_lock)
        {
            if (!_rooms.TryGetValue(conferenceId, out var room))
            {
                room = new Room(roomName, conferenceId, ++_generations);
                _rooms.Add(conferenceId, room);
            }

            if (room.Password is { } password && !credentials.TokenModerator)
            {
                // A locked room has members, so it is never left unused here.
                if (string.IsNullOrEmpty(credentials.Password))
                {
                    return JoinResult.Refused(SignalingErrorCodes.PasswordRequired, JoinFailureReasons.PasswordRequired, $"room '{room.Name}' is locked: enter its password");
                }

                if (credentials.Password.Length > _auth.RoomPassword.MaxLength || !password.Matches(credentials.Password))
                {
                    return JoinResult.Refused(SignalingErrorCodes.WrongPassword, JoinFailureReasons.WrongPassword, $"wrong password for room '{room.Name}'");
                }
            }

            if (room.Members.Count + room.PendingJoins >= _options.MaxParticipantsPerRoom)
            {
                return JoinResult.Refused(SignalingErrorCodes.InvalidRoom, JoinFailureReasons.RoomFull, $"room '{roomName}' is full ({_options.MaxParticipantsPerRoom} participants)");
            }

            if (room.Bridge is not null && !Bridges.IsOperational(room.Bridge))
            {
                room.Bridge = null;
            }

            if (room.Bridge is null)
            {
                // Until bridges relay to each other (issue [7]) a conference lives on the bridge picked for its first
                // participant: the strategy runs for that one (and again when the room moves), not for later joins.
                room.Region = region;
                room.Bridge = SelectBridgeLocked(conferenceId, region);
            }

            if (room.Bridge is null)
            {
                RemoveRoomIfUnusedLocked(room);
                return JoinResult.Refused(SignalingErrorCodes.BridgeUnavailable, JoinFailureReasons.NoBridge, "no media bridge is available");
            }

            string id;
            do
            {
                id = ParticipantIds.New();
            }
            while (_participants.ContainsKey(id));

            participant = new Participant(id, displayName, room, room.Bridge, outbox) { Region = region, Session = session };
            Bridges.RecordPlacement(room.Bridge);
            _participants.Add(id, participant);
            room.PendingJoins++;
        }

        var bridge = participant.Bridge;
        BridgeReply reply;
        try
        {
            reply = await SendToBridgeAsync(bridge, new AllocateEndpointRequest(conferenceId, participant.Id, displayName) { Generation = participant.Room.Generation }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            AbandonJoin(participant);
            throw;
        }

        List<Participant> others;
        JoinedMessage joined;
        lock (_lock)
        {
            var room = participant.Room;
            room.PendingJoins--;
            if (reply is not OkReply || participant.Removed)
            {
                participant.Removed = true;
                _participants.Remove(participant.Id);
                RemoveRoomIfUnusedLocked(room);
                if (reply is BridgeErrorReply { Code: BridgeErrorCodes.Internal })
                {
                    // A timeout or a failure: the endpoint may exist on the bridge; free it without waiting.
                    _ = SendToBridgeAsync(bridge, new ExpireEndpointRequest(conferenceId, participant.Id) { Generation = room.Generation }, CancellationToken.None);
                }

                var message = reply switch
                {
                    BridgeErrorReply error => $"bridge '{bridge.BridgeId}' could not take the participant: {error.Message}",
                    OkReply => $"bridge '{bridge.BridgeId}' removed the participant while it joined",
                    _ => $"bridge '{bridge.BridgeId}' gave an unexpected reply to allocateEndpoint",
                };
                return JoinResult.Refused(SignalingErrorCodes.BridgeUnavailable, JoinFailureReasons.BridgeError, message);
            }

            others = [.. room.Members];
            participant.Moderator = credentials.TokenModerator || (!Authenticator.RequiresToken && !room.HasModerator);
            var resumable = _options.ResumeGracePeriod > TimeSpan.Zero;
            joined = new JoinedMessage(participant.Id, room.Name, others.Select(p => p.ToInfo()).ToArray(), _iceServers, SignalingProtocol.Version,
                participant.DisplayName, participant.Moderator, room.Password is not null,
                resumable ? participant.ResumeToken : null, resumable ? (int)_options.ResumeGracePeriod.TotalMilliseconds : 0)
            {
                RequestId = requestId,
            };
            room.Members.Add(participant);
            participant.Active = true;
            outbox.Post(joined);
            if (participant.EarlyOffer is { } early)
            {
                participant.EarlyOffer = null;
                participant.OutstandingOfferVersion = early.Version;
                outbox.Post(ControlTranslation.ToSignaling(early));
            }

            var announcement = new ParticipantJoinedMessage(participant.ToInfo());
            foreach (var other in others)
            {
                other.Outbox.Post(announcement);
            }
        }

        FocusLog.ParticipantJoined(_log, participant.Id, participant.Room.Name, bridge.BridgeId);
        return JoinResult.Joined(participant);
    }

    /// <summary>Removes <paramref name="participant"/> (once), tells the room, and frees its endpoint on the bridge.</summary>
    internal async Task LeaveAsync(Participant participant, string reason)
    {
        if (!Remove(participant, reason))
        {
            return;
        }

        var request = new ExpireEndpointRequest(participant.Room.ConferenceId, participant.Id) { Generation = participant.Room.Generation };
        await SendToBridgeAsync(participant.Bridge, request, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// A moderator sets (non-empty) or clears the room's password; everyone in the room is told, the moderator's copy
    /// answering <paramref name="requestId"/>. Returns null, or the error code of a refusal.
    /// </summary>
    internal string? SetRoomPassword(Participant participant, string? password, int? requestId)
    {
        var locked = !string.IsNullOrEmpty(password);
        lock (_lock)
        {
            if (participant.Removed)
            {
                return SignalingErrorCodes.NotJoined;
            }

            if (!participant.Moderator)
            {
                return SignalingErrorCodes.NotModerator;
            }

            var room = participant.Room;
            room.Password = locked ? RoomPassword.Create(password!) : null;
            var message = new RoomLockedMessage(locked, participant.Id);
            foreach (var member in room.Members)
            {
                member.Outbox.Post(member == participant ? message with { RequestId = requestId } : message);
            }
        }

        AuthLog.RoomLockChanged(_log, participant.Room.Name, locked ? "locked" : "unlocked", participant.Id);
        return null;
    }

    internal void SetMuted(Participant participant, bool audioMuted, bool videoMuted)
    {
        lock (_lock)
        {
            if (participant.Removed)
            {
                return;
            }

            participant.AudioMuted = audioMuted;
            participant.VideoMuted = videoMuted;
            var message = new ParticipantMutedMessage(participant.Id, audioMuted, videoMuted);
            foreach (var other in participant.Room.Members)
            {
                if (other != participant)
                {
                    other.Outbox.Post(message);
                }
            }
        }
    }

    /// <summary>The outstanding subscribe offer's version, or null when none is outstanding.</summary>
    internal int? GetOutstandingOfferVersion(Participant participant)
    {
        lock (_lock)
        {
            return participant.OutstandingOfferVersion;
        }
    }

    /// <summary>The bridge took the answer to <paramref name="version"/>: no offer is outstanding unless a newer one already went out.</summary>
    internal void CompleteSubscribeAnswer(Participant participant, int version)
    {
        lock (_lock)
        {
            if (participant.OutstandingOfferVersion == version)
            {
                participant.OutstandingOfferVersion = null;
            }
        }
    }

    /// <summary>
    /// Sends one request with the configured timeout. Never throws except for <paramref name="cancellationToken"/>:
    /// a timeout or a bridge exception comes back as a <see cref="BridgeErrorReply"/>; refusals are logged.
    /// </summary>
    internal async Task<BridgeReply> SendToBridgeAsync(IBridgeControl bridge, BridgeRequest request, CancellationToken cancellationToken)
    {
        var requestName = request.GetType().Name;
        using var timeout = new CancellationTokenSource(_options.BridgeRequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        BridgeReply reply;
        try
        {
            reply = await bridge.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            reply = new BridgeErrorReply(BridgeErrorCodes.Internal, $"no reply within {_options.BridgeRequestTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex)
        {
            FocusLog.BridgeRequestFailed(_log, ex, bridge.BridgeId, requestName, request.EndpointId);
            return new BridgeErrorReply(BridgeErrorCodes.Internal, $"{requestName} failed: {ex.Message}");
        }

        if (reply is BridgeErrorReply refused)
        {
            FocusLog.BridgeRefused(_log, bridge.BridgeId, requestName, request.EndpointId, refused.Code, refused.Message);
        }

        return reply;
    }

    /// <summary>The bridges that may take participants now, least loaded first (non-draining before draining).</summary>
    /// <summary>
    /// The bridge the configured strategy picks for the first participant of <paramref name="conferenceId"/> from
    /// <paramref name="region"/>, from a snapshot of the registry; null when none fits. Under the focus lock.
    /// </summary>
    private IBridgeControl? SelectBridgeLocked(string conferenceId, string region)
    {
        var snapshot = Bridges.Snapshot();
        var candidates = new BridgeCandidate[snapshot.Count];
        for (var i = 0; i < snapshot.Count; i++)
        {
            var (bridge, recentlyPlaced) = snapshot[i];
            candidates[i] = new BridgeCandidate(bridge.Id, bridge.Region, bridge.Version, bridge.State, bridge.Status?.Stress ?? 0,
                bridge.Status?.Participants ?? 0, recentlyPlaced, bridge.AverageParticipantStress);
        }

        var chosen = _selection.Select(candidates, new SelectionRequest(conferenceId, region, EmptyConference));
        return chosen is null ? null : snapshot.First(b => b.Bridge.Id == chosen.Id).Bridge.Control;
    }

    /// <summary>The join was cancelled while its endpoint was being allocated: undo the reservation and free the endpoint.</summary>
    private void AbandonJoin(Participant participant)
    {
        lock (_lock)
        {
            participant.Room.PendingJoins--;
            participant.Removed = true;
            _participants.Remove(participant.Id);
            RemoveRoomIfUnusedLocked(participant.Room);
        }

        _ = SendToBridgeAsync(participant.Bridge, new ExpireEndpointRequest(participant.Room.ConferenceId, participant.Id) { Generation = participant.Room.Generation }, CancellationToken.None);
    }

    private bool Remove(Participant participant, string reason)
    {
        Participant? newModerator = null;
        lock (_lock)
        {
            if (participant.Removed)
            {
                return false;
            }

            participant.Removed = true;
            participant.Suspended = false;
            participant.SuspensionTimer?.Dispose();
            participant.SuspensionTimer = null;
            _participants.Remove(participant.Id);
            var room = participant.Room;
            if (participant.Active)
            {
                room.Members.Remove(participant);
                var message = new ParticipantLeftMessage(participant.Id);
                foreach (var other in room.Members)
                {
                    other.Outbox.Post(message);
                }

                newModerator = HandOnModerationLocked(room, participant);
            }

            RemoveRoomIfUnusedLocked(room);
        }

        FocusLog.ParticipantLeft(_log, participant.Id, participant.Room.Name, reason);
        if (newModerator is not null)
        {
            AuthLog.ModeratorHandedOn(_log, participant.Room.Name, newModerator.Id);
        }
        return true;
    }

    /// <summary>
    /// Mode none: when the last moderator (<paramref name="leaving"/>) left a room that still has members, the longest-present
    /// one becomes moderator and everyone is told. Mode jwt: moderators come from tokens only. Returns the new moderator.
    /// </summary>
    private Participant? HandOnModerationLocked(Room room, Participant leaving)
    {
        if (!leaving.Moderator || Authenticator.RequiresToken || room.HasModerator || room.LongestPresent is not { } next)
        {
            return null;
        }

        next.Moderator = true;
        var message = new RoleChangedMessage(next.Id, true);
        foreach (var member in room.Members)
        {
            member.Outbox.Post(message);
        }

        return next;
    }

    private void RemoveRoomIfUnusedLocked(Room room)
    {
        if (room.IsUnused && _rooms.TryGetValue(room.ConferenceId, out var current) && current == room)
        {
            _rooms.Remove(room.ConferenceId);
        }
    }

    private Participant? FindLocked(string bridgeId, BridgeEvent bridgeEvent)
    {
        if (_participants.TryGetValue(bridgeEvent.EndpointId, out var p)
            && p.Bridge.BridgeId == bridgeId
            && p.Room.ConferenceId == bridgeEvent.ConferenceId
            && p.Room.Generation == bridgeEvent.Generation)
        {
            return p;
        }

        return null;
    }

    private void OnSubscribeOffer(string bridgeId, SubscribeOfferEvent offer)
    {
        lock (_lock)
        {
            var participant = FindLocked(bridgeId, offer);
            if (participant is not null && !participant.Removed)
            {
                if (!participant.Active || participant.Moving)
                {
                    participant.EarlyOffer = offer;
                    return;
                }

                participant.OutstandingOfferVersion = offer.Version;
                participant.Outbox.Post(ControlTranslation.ToSignaling(offer));
                return;
            }
        }

        FocusLog.BridgeEventIgnored(_log, nameof(SubscribeOfferEvent), bridgeId, offer.EndpointId);
    }

    /// <summary>Tells everyone in the speaker's room (the speaker included) who speaks now.</summary>
    private void OnDominantSpeaker(string bridgeId, DominantSpeakerEvent speaker)
    {
        lock (_lock)
        {
            var participant = FindLocked(bridgeId, speaker);
            if (participant is not null && !participant.Removed)
            {
                var message = new DominantSpeakerMessage(participant.Id);
                foreach (var member in participant.Room.Members)
                {
                    if (member.Active)
                    {
                        member.Outbox.Post(message);
                    }
                }

                return;
            }
        }

        FocusLog.BridgeEventIgnored(_log, nameof(DominantSpeakerEvent), bridgeId, speaker.EndpointId);
    }

    private void OnSenderConstraints(string bridgeId, SenderConstraintsEvent constraints)
    {
        lock (_lock)
        {
            var participant = FindLocked(bridgeId, constraints);
            if (participant is not null && !participant.Removed && participant.Active)
            {
                participant.Outbox.Post(new SenderConstraintsMessage(constraints.MaxHeight));
                return;
            }
        }

        FocusLog.BridgeEventIgnored(_log, nameof(SenderConstraintsEvent), bridgeId, constraints.EndpointId);
    }

    private void OnEndpointExpired(string bridgeId, EndpointExpiredEvent expired)
    {
        Participant? participant;
        lock (_lock)
        {
            participant = FindLocked(bridgeId, expired);
        }

        if (participant is null)
        {
            FocusLog.BridgeEventIgnored(_log, nameof(EndpointExpiredEvent), bridgeId, expired.EndpointId);
            return;
        }

        FocusLog.EndpointExpired(_log, bridgeId, participant.Id, expired.Reason);
        if (Remove(participant, $"expired by the bridge: {expired.Reason}") && participant.Active)
        {
            participant.Outbox.PostClose($"media connection ended: {expired.Reason}");
        }
    }
}

/// <summary>What the focus holds right now.</summary>
public sealed record FocusSnapshot(int Rooms, int Participants, int Bridges);

/// <summary>
/// The outcome of a join: the participant, or an error code and message for the browser and the
/// <see cref="JoinFailureReasons"/> value it is counted under.
/// </summary>
internal readonly record struct JoinResult(Participant? Participant, string? ErrorCode, string? ErrorMessage, string? FailureReason)
{
    public static JoinResult Joined(Participant participant) => new(participant, null, null, null);

    public static JoinResult Refused(string code, string reason, string message) => new(null, code, message, reason);
}
