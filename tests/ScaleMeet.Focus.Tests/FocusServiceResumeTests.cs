using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests;

/// <summary>
/// A participant whose signaling connection drops stays in its room for the grace period and resumes on a new
/// connection as itself: nobody sees it leave, it gets what it missed, and what it sent after the focus's last handled
/// request is for it to send again.
/// </summary>
public sealed class FocusServiceResumeTests
{
    [Fact]
    public async Task Drop_ThenResume_NobodySeesALeaveAndTheMissedMessagesComeAfterResumed()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, bobJoined) = await harness.JoinAsync("room", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();
        await ada.SendAsync(new SetMutedMessage(false, true) { RequestId = 5 });
        await bob.Connection.NextAsync<ParticipantMutedMessage>();
        await ada.AssertQuietAsync();
        var lastSeq = ada.Connection.LastSeq;

        await ada.Session.ConnectionLostAsync("connection lost");
        Assert.Equal(1, harness.Focus.SuspendedParticipants);
        await bob.SendAsync(new SetMutedMessage(true, false) { RequestId = 9 });
        var (carol, carolJoined) = await harness.JoinAsync("room", "Carol");
        Assert.Contains(adaJoined.ParticipantId, carolJoined.Participants.Select(p => p.ParticipantId));

        var again = harness.NewClient();
        await again.SendAsync(new ResumeMessage(adaJoined.ParticipantId, adaJoined.ResumeToken!, lastSeq) { RequestId = 6 });

        var resumed = await again.Connection.NextAsync<ResumedMessage>();
        Assert.Equal(new ResumedMessage(adaJoined.ParticipantId, 5) { RequestId = 6 }, resumed);
        Assert.Equal(new ParticipantMutedMessage(bobJoined.ParticipantId, true, false), await again.Connection.NextAsync<ParticipantMutedMessage>());
        Assert.Equal(carolJoined.ParticipantId, (await again.Connection.NextAsync<ParticipantJoinedMessage>()).Participant.ParticipantId);
        Assert.Equal([lastSeq + 1, lastSeq + 2], again.Connection.Seqs);
        await again.AssertQuietAsync();
        Assert.Equal(adaJoined.ParticipantId, again.Session.ParticipantId);
        Assert.Equal(0, harness.Focus.SuspendedParticipants);

        // Bob saw Carol join and nothing of Ada; the endpoint was never expired on the bridge.
        Assert.Equal(carolJoined.ParticipantId, (await bob.Connection.NextAsync<ParticipantJoinedMessage>()).Participant.ParticipantId);
        await bob.AssertQuietAsync();
        Assert.Empty(harness.Bridge.RequestsOf<ExpireEndpointRequest>());
        Assert.Equal([1L, 1L, 0L, 0L], Outcomes(harness));

        // The resumed session is the participant's now: it can go on and leave as usual.
        await again.SendAsync(new SetMutedMessage(true, true) { RequestId = 7 });
        Assert.Equal(new ParticipantMutedMessage(adaJoined.ParticipantId, true, true), await carol.Connection.NextAsync<ParticipantMutedMessage>());
        Assert.Equal(new ParticipantMutedMessage(adaJoined.ParticipantId, true, true), await bob.Connection.NextAsync<ParticipantMutedMessage>());
        await again.SendAsync(new LeaveMessage { RequestId = 8 });
        Assert.Equal(new ParticipantLeftMessage(adaJoined.ParticipantId), await bob.Connection.NextAsync<ParticipantLeftMessage>());
    }

    [Fact]
    public async Task Drop_GracePeriodEnds_TheParticipantLeavesAsIfClosed()
    {
        var harness = new FocusHarness(new FocusOptions { ResumeGracePeriod = TimeSpan.FromMilliseconds(200) });
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, _) = await harness.JoinAsync("room", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();
        Assert.Equal(200, adaJoined.ResumeGraceMs);

        await ada.Session.ConnectionLostAsync("connection lost");

        Assert.Equal(new ParticipantLeftMessage(adaJoined.ParticipantId), await bob.Connection.NextAsync<ParticipantLeftMessage>());
        await Eventually.TrueAsync(() => harness.Bridge.RequestsOf<ExpireEndpointRequest>().Length == 1);
        Assert.Equal([1L, 0L, 1L, 0L], Outcomes(harness));

        var late = harness.NewClient();
        await late.SendAsync(new ResumeMessage(adaJoined.ParticipantId, adaJoined.ResumeToken!, ada.Connection.LastSeq) { RequestId = 2 });
        await late.Connection.NextErrorAsync(SignalingErrorCodes.ResumeFailed, 2);
    }

    [Fact]
    public async Task Resume_WrongToken_RefusedAndTheParticipantStillWaits()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        await ada.Session.ConnectionLostAsync("connection lost");

        var guesser = harness.NewClient();
        await guesser.SendAsync(new ResumeMessage(adaJoined.ParticipantId, "AAAAAAAAAAAAAAAAAAAAAA", ada.Connection.LastSeq) { RequestId = 3 });
        var error = await guesser.Connection.NextErrorAsync(SignalingErrorCodes.ResumeFailed, 3);
        await guesser.SendAsync(new ResumeMessage("nobody", adaJoined.ResumeToken!, 0) { RequestId = 4 });
        var other = await guesser.Connection.NextErrorAsync(SignalingErrorCodes.ResumeFailed, 4);

        Assert.Equal(error.Message, other.Message); // no telling a wrong token from an unknown id
        Assert.Null(guesser.Session.ParticipantId);
        Assert.Equal(1, harness.Focus.SuspendedParticipants);
        var owner = harness.NewClient();
        await owner.SendAsync(new ResumeMessage(adaJoined.ParticipantId, adaJoined.ResumeToken!, ada.Connection.LastSeq) { RequestId = 1 });
        await owner.Connection.NextAsync<ResumedMessage>();
        Assert.Equal([1L, 1L, 0L, 2L], Outcomes(harness));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    public async Task Resume_LastSeqNotOneTheParticipantWasSent_Refused(long lastSeq)
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        await ada.Session.ConnectionLostAsync("connection lost");

        var again = harness.NewClient();
        await again.SendAsync(new ResumeMessage(adaJoined.ParticipantId, adaJoined.ResumeToken!, lastSeq) { RequestId = 1 });

        var error = await again.Connection.NextErrorAsync(SignalingErrorCodes.ResumeFailed, 1);
        Assert.Contains("is not a seq this participant was sent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_MissedMoreThanTheLogKeeps_RefusedAndTheParticipantJoinsAnew()
    {
        var harness = new FocusHarness(new FocusOptions { ResumeBufferMessages = 4 });
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, _) = await harness.JoinAsync("room", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();
        var lastSeq = ada.Connection.LastSeq;
        await ada.Session.ConnectionLostAsync("connection lost");
        for (var i = 0; i < 5; i++)
        {
            await bob.SendAsync(new SetMutedMessage(i % 2 == 0, false) { RequestId = 10 + i });
        }

        var again = harness.NewClient();
        await again.SendAsync(new ResumeMessage(adaJoined.ParticipantId, adaJoined.ResumeToken!, lastSeq) { RequestId = 1 });

        var error = await again.Connection.NextErrorAsync(SignalingErrorCodes.ResumeFailed, 1);
        Assert.Contains("missed 5 messages", error.Message, StringComparison.Ordinal);
        await again.SendAsync(new JoinMessage("room", "Ada") { RequestId = 2 });
        await again.Connection.NextAsync<JoinedMessage>();
    }

    [Fact]
    public async Task Resume_WhileTheOldConnectionIsStillOpen_TheOldOneIsClosedAndItsEndLeavesNobody()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, _) = await harness.JoinAsync("room", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();

        // The page gave up on a half-open connection the focus still thinks alive.
        var again = harness.NewClient();
        await again.SendAsync(new ResumeMessage(adaJoined.ParticipantId, adaJoined.ResumeToken!, ada.Connection.LastSeq) { RequestId = 1 });
        await again.Connection.NextAsync<ResumedMessage>();

        Assert.Equal("the participant resumed on another connection", await ada.Connection.Closed.WaitAsync(RecordingConnection.Timeout));
        await ada.Session.CloseAsync("connection lost");
        await bob.AssertQuietAsync();
        await again.AssertQuietAsync();
        Assert.Equal(adaJoined.ParticipantId, again.Session.ParticipantId);
        Assert.Empty(harness.Bridge.RequestsOf<ExpireEndpointRequest>());
    }

    [Fact]
    public async Task Drop_ResumptionOff_LeavesAtOnce()
    {
        var harness = new FocusHarness(new FocusOptions { ResumeGracePeriod = TimeSpan.Zero });
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, _) = await harness.JoinAsync("room", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();
        Assert.Null(adaJoined.ResumeToken);

        await ada.Session.ConnectionLostAsync("connection lost");

        Assert.Equal(new ParticipantLeftMessage(adaJoined.ParticipantId), await bob.Connection.NextAsync<ParticipantLeftMessage>());
        Assert.Equal(0, harness.Focus.SuspendedParticipants);
    }

    [Fact]
    public async Task Close_ByThePage_LeavesAtOnceWithoutWaiting()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");
        var (bob, _) = await harness.JoinAsync("room", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();

        await ada.Session.CloseAsync("closed by the client");

        Assert.Equal(new ParticipantLeftMessage(adaJoined.ParticipantId), await bob.Connection.NextAsync<ParticipantLeftMessage>());
        Assert.Equal([0L, 0L, 0L, 0L], Outcomes(harness));
    }

    [Fact]
    public async Task Resume_OnAConnectionThatJoined_RefusedAsAlreadyJoined()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("room", "Ada");

        await ada.SendAsync(new ResumeMessage(adaJoined.ParticipantId, adaJoined.ResumeToken!, 1) { RequestId = 2 });

        await ada.Connection.NextErrorAsync(SignalingErrorCodes.AlreadyJoined, 2);
    }

    /// <summary>suspended, resumed, expired, refused.</summary>
    private static long[] Outcomes(FocusHarness harness)
    {
        var counts = harness.Focus.Counters.Resumes.ToDictionary(p => p.Key, p => p.Value);
        return [.. FocusCounters.ResumeOutcomes.Select(o => counts[o])];
    }
}
