using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Bridges;

namespace ScaleMeet.Focus;

/// <summary>
/// Failover: when a bridge is Lost, every room on it moves to another bridge the selector picks (Jicofo re-invites the
/// participants of a failed bridge the same way). The room gets a new generation; each member's endpoint is allocated
/// there under the same participant id, then the browser is told <c>moved</c> and rebuilds its peer connections in
/// place — the roster, mute states and roles do not change, and nobody sees anyone leave. Subscribe offers the new
/// bridge sends before <c>moved</c> went out wait and follow it. A room for which no bridge is left ends: its members'
/// signaling is closed with the reason.
/// </summary>
public sealed partial class FocusService
{
    /// <summary>The bridge is Lost (channel closed or heartbeats stopped): its rooms move. False when it already was Lost.</summary>
    internal bool OnBridgeLost(IBridgeControl bridge, string reason)
    {
        if (!Bridges.MarkLost(bridge, reason))
        {
            return false;
        }

        _ = RelocateAsync(bridge, $"media bridge {bridge.BridgeId} lost: {reason}");
        return true;
    }

    private async Task RelocateAsync(IBridgeControl lost, string reason)
    {
        var moves = new List<Task>();
        var stranded = new List<Participant>();
        lock (_lock)
        {
            foreach (var room in _rooms.Values.Where(r => r.Bridge == lost).ToArray())
            {
                var members = room.Members.Where(m => !m.Removed).ToArray();
                var target = SelectBridgeLocked(room.ConferenceId, room.Region);
                if (target is null)
                {
                    room.Bridge = null;
                    stranded.AddRange(members);
                    continue;
                }

                room.Bridge = target;
                room.Generation = ++_generations;
                foreach (var member in members)
                {
                    member.Bridge = target;
                    member.Moving = true;
                    member.OutstandingOfferVersion = null;
                    member.EarlyOffer = null;
                    Bridges.RecordPlacement(target);
                    moves.Add(MoveAsync(member, target, room.Generation, reason));
                }

                FocusLog.RoomMoved(_log, room.Name, lost.BridgeId, target.BridgeId, members.Length);
            }
        }

        foreach (var participant in stranded)
        {
            BridgeCounters.MoveFailed();
            if (Remove(participant, $"{reason}; no other bridge is available") && participant.Active)
            {
                participant.Outbox.PostClose($"{reason}; no other bridge is available");
            }
        }

        await Task.WhenAll(moves).ConfigureAwait(false);
    }

    /// <summary>Allocates <paramref name="participant"/> on <paramref name="target"/>, then tells its browser <c>moved</c>.</summary>
    private async Task MoveAsync(Participant participant, IBridgeControl target, long generation, string reason)
    {
        var conferenceId = participant.Room.ConferenceId;
        var request = new AllocateEndpointRequest(conferenceId, participant.Id, participant.DisplayName) { Generation = generation };
        var reply = await SendToBridgeAsync(target, request, CancellationToken.None).ConfigureAwait(false);
        var failed = false;
        lock (_lock)
        {
            if (participant.Removed || participant.Bridge != target || participant.Room.Generation != generation)
            {
                // It left meanwhile (its expire went to this bridge after the allocation), or moved again.
                return;
            }

            if (reply is OkReply)
            {
                participant.Moving = false;
                participant.Outbox.Post(new MovedMessage(reason));
                if (participant.EarlyOffer is { } early)
                {
                    participant.EarlyOffer = null;
                    participant.OutstandingOfferVersion = early.Version;
                    participant.Outbox.Post(ControlTranslation.ToSignaling(early));
                }
            }
            else
            {
                failed = true;
            }
        }

        if (!failed)
        {
            BridgeCounters.Moved();
            FocusLog.ParticipantMoved(_log, participant.Id, participant.Room.Name, target.BridgeId);
            return;
        }

        BridgeCounters.MoveFailed();
        var why = reply is BridgeErrorReply error ? error.Message : reply.GetType().Name;
        if (Remove(participant, $"{reason}; bridge {target.BridgeId} could not take it: {why}") && participant.Active)
        {
            participant.Outbox.PostClose($"{reason}; moving to another bridge failed");
        }

        _ = SendToBridgeAsync(target, new ExpireEndpointRequest(conferenceId, participant.Id) { Generation = generation }, CancellationToken.None);
    }
}
