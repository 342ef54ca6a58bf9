using System.Security.Cryptography;
using System.Text;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus;

/// <summary>
/// Resumption (docs/protocol.md, "Resuming after a dropped connection"): a participant whose signaling connection
/// drops without <c>leave</c> stays in its room for <see cref="FocusOptions.ResumeGracePeriod"/>, its media untouched
/// and what the focus sends it logged; its page, on a new connection, sends <c>resume</c> with the token from
/// <c>joined</c> and the last <c>seq</c> it received, gets <c>resumed</c> and what it missed, and goes on. Nobody else
/// sees anything. When the period ends first, the participant leaves as if the connection had closed.
/// </summary>
public sealed partial class FocusService
{
    /// <summary>How long a participant whose connection dropped waits for a resume (<see cref="FocusOptions.ResumeGracePeriod"/>).</summary>
    public TimeSpan ResumeGracePeriod => _options.ResumeGracePeriod;

    /// <summary>Participants waiting for their page to resume now.</summary>
    public int SuspendedParticipants
    {
        get
        {
            lock (_lock)
            {
                return _participants.Values.Count(p => p.Suspended);
            }
        }
    }

    /// <summary>
    /// The connection of <paramref name="session"/>, which serves <paramref name="participant"/>, dropped: keeps the
    /// participant for the grace period and calls <paramref name="expired"/> if no resume comes. False (nothing
    /// done) when resumption is off, or the participant is not (or no longer) this session's and in its room.
    /// </summary>
    internal bool TrySuspend(Participant participant, SignalingSession session, string reason, Func<Task> expired)
    {
        var grace = _options.ResumeGracePeriod;
        if (grace <= TimeSpan.Zero)
        {
            return false;
        }

        lock (_lock)
        {
            if (participant.Removed || !participant.Active || participant.Session != session || participant.Suspended)
            {
                return false;
            }

            participant.Outbox.Detach();
            participant.Suspended = true;
            participant.SuspensionTimer = _time.CreateTimer(static state =>
            {
                var (focus, p, s, end) = ((FocusService, Participant, SignalingSession, Func<Task>))state!;
                focus.OnSuspensionEnded(p, s, end);
            }, (this, participant, session, expired), grace, Timeout.InfiniteTimeSpan);
        }

        Counters.Resume("suspended");
        FocusLog.ParticipantSuspended(_log, participant.Id, participant.Room.Name, reason, grace.TotalSeconds);
        return true;
    }

    private void OnSuspensionEnded(Participant participant, SignalingSession session, Func<Task> expired)
    {
        lock (_lock)
        {
            if (!participant.Suspended || participant.Session != session)
            {
                return; // resumed meanwhile
            }

            participant.Suspended = false;
            participant.SuspensionTimer?.Dispose();
            participant.SuspensionTimer = null;
        }

        Counters.Resume("expired");
        _ = expired();
    }

    /// <summary>
    /// <paramref name="session"/>, on a new connection (<paramref name="connection"/>), asks to be the participant
    /// <paramref name="resume"/> names. On success the participant's outbox sends there (<c>resumed</c>, then what the
    /// page missed) and the participant is the session's; the previous session, and its connection when it was still
    /// open (a half-open one the page gave up on), are returned for the caller to let go. Otherwise the refusal's text.
    /// </summary>
    internal (Participant? Participant, SignalingSession? Previous, ISignalingConnection? PreviousConnection, string? Problem) Resume(
        ResumeMessage resume, SignalingSession session, ISignalingConnection connection)
    {
        Participant? participant;
        SignalingSession? previous;
        ISignalingConnection? previousConnection;
        long missed;
        lock (_lock)
        {
            // One answer for "no such participant" and "wrong token": a guess learns nothing about which ids exist.
            if (!_participants.TryGetValue(resume.ParticipantId ?? "", out participant) || participant.Removed || !participant.Active
                || !TokensMatch(participant.ResumeToken, resume.ResumeToken))
            {
                return Refused("no participant with that id and resume token is in a room");
            }

            previousConnection = participant.Outbox.Connection;
            var reply = new ResumedMessage(participant.Id, participant.LastRequestId) { RequestId = resume.RequestId };
            missed = participant.Outbox.LastSeq - resume.LastSeq;
            if (!participant.Outbox.Attach(connection, resume.LastSeq, reply, out var problem))
            {
                return Refused(problem!);
            }

            previous = participant.Session;
            participant.Session = session;
            participant.Suspended = false;
            participant.SuspensionTimer?.Dispose();
            participant.SuspensionTimer = null;
        }

        Counters.Resume("resumed");
        FocusLog.ParticipantResumed(_log, participant.Id, participant.Room.Name, resume.LastSeq, missed);
        return (participant, previous, previousConnection == connection ? null : previousConnection, null);

        (Participant?, SignalingSession?, ISignalingConnection?, string?) Refused(string message)
        {
            Counters.Resume("refused");
            FocusLog.ResumeRefused(_log, message);
            return (null, null, null, message);
        }
    }

    private static bool TokensMatch(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
}
