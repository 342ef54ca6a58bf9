using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Auth;

namespace ScaleMeet.Focus;

/// <summary>
/// One room and its conference on a bridge. All fields are guarded by the <see cref="FocusService"/> lock.
/// The conference id is the room name lower-cased (rooms are case-insensitive); the room lives while it has
/// members or joins in flight, and keeps the bridge chosen for its first participant.
/// </summary>
internal sealed class Room
{
    public Room(string name, string conferenceId, long generation)
    {
        Name = name;
        ConferenceId = conferenceId;
        Generation = generation;
    }

    /// <summary>The spelling of the participant who opened the room; echoed in <c>joined</c>.</summary>
    public string Name { get; }

    public string ConferenceId { get; }

    /// <summary>
    /// Numbers this conference (focus-wide, from 1): a room recreated under the same name gets a new one, and so does a
    /// room moved to another bridge.
    /// </summary>
    public long Generation { get; set; }

    public IBridgeControl? Bridge { get; set; }

    /// <summary>The region of the participant its bridge was picked for (picked again from it when the room moves).</summary>
    public string Region { get; set; } = "";

    public List<Participant> Members { get; } = [];

    /// <summary>Joins reserved but not finished (their endpoint allocation is in flight); they count towards the size limit.</summary>
    public int PendingJoins { get; set; }

    public bool IsUnused => Members.Count == 0 && PendingJoins == 0;

    /// <summary>Set by a moderator: joins must then carry it (token moderators excepted). Lives and dies with the room.</summary>
    public RoomPassword? Password { get; set; }

    /// <summary>The member who has been in the room longest, to take over moderation; null when the room is empty.</summary>
    public Participant? LongestPresent => Members.Count > 0 ? Members[0] : null;

    public bool HasModerator => Members.Exists(m => m.Moderator);
}

/// <summary>One participant. Mutable fields are guarded by the <see cref="FocusService"/> lock.</summary>
internal sealed class Participant
{
    public Participant(string id, string displayName, Room room, IBridgeControl bridge, Outbox outbox)
    {
        Id = id;
        DisplayName = displayName;
        Room = room;
        Bridge = bridge;
        Outbox = outbox;
    }

    public string Id { get; }

    public string DisplayName { get; }

    public Room Room { get; }

    /// <summary>Where the participant connects from ("" when unknown), as its signaling connection said.</summary>
    public string Region { get; init; } = "";

    /// <summary>The bridge its media goes through; changes when the participant is moved.</summary>
    public IBridgeControl Bridge { get; set; }

    public Outbox Outbox { get; }

    /// <summary>Set while its endpoint is being allocated on another bridge: its subscribe offers wait until <c>moved</c> is sent.</summary>
    public bool Moving { get; set; }

    public bool AudioMuted { get; set; }

    public bool VideoMuted { get; set; }

    /// <summary>May set the room's password: the first participant (mode none), or a token that says so (mode jwt).</summary>
    public bool Moderator { get; set; }

    /// <summary>False until <c>joined</c> is queued; before that others do not see the participant.</summary>
    public bool Active { get; set; }

    /// <summary>Set once when the participant leaves or is expired; nothing is sent for it afterwards.</summary>
    public bool Removed { get; set; }

    /// <summary>The version of the subscribe offer sent and not answered yet.</summary>
    public int? OutstandingOfferVersion { get; set; }

    /// <summary>A subscribe offer that came from the bridge before <c>joined</c> was queued; sent right after it.</summary>
    public SubscribeOfferEvent? EarlyOffer { get; set; }

    /// <summary>What the page proves it is this participant with when it resumes (sent once, in <c>joined</c>).</summary>
    public string ResumeToken { get; } = ParticipantIds.NewSecret();

    /// <summary>The session serving the participant now: the one that joined, then the one that resumed.</summary>
    public SignalingSession? Session { get; set; }

    /// <summary>True while its connection is gone and it waits for a resume (media still flowing).</summary>
    public bool Suspended { get; set; }

    /// <summary>Ends the wait for a resume; null when not suspended.</summary>
    public ITimer? SuspensionTimer { get; set; }

    /// <summary>The <c>requestId</c> of the last message handled from the participant, for <c>resumed</c>.</summary>
    public int? LastRequestId { get; set; }

    public ParticipantInfo ToInfo() => new(Id, DisplayName, AudioMuted, VideoMuted);
}
