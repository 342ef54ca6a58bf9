using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests.Auth;

/// <summary>Mode none: the first participant moderates, sets or clears the room's password; later joiners need it.</summary>
public sealed class RoomPasswordTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Join_FirstParticipant_IsModeratorAndLaterOnesAreNot()
    {
        var harness = new FocusHarness();

        var (_, ada) = await harness.JoinAsync("standup", "Ada");
        var (_, bob) = await harness.JoinAsync("STANDUP", "Bob");

        Assert.True(ada.Moderator);
        Assert.False(ada.Locked);
        Assert.Equal("Ada", ada.DisplayName);
        Assert.False(bob.Moderator);
        Assert.Equal("Bob", bob.DisplayName);
    }

    [Fact]
    public async Task SetRoomPassword_ByModerator_EveryoneToldLockedAndPasswordNeverSent()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("standup", "Ada");
        var (bob, _) = await harness.JoinAsync("standup", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();

        await ada.SendAsync(new SetRoomPasswordMessage(Password) { RequestId = 7 });

        var adaLocked = await ada.Connection.NextAsync<RoomLockedMessage>();
        Assert.Equal(new RoomLockedMessage(true, adaJoined.ParticipantId) { RequestId = 7 }, adaLocked);
        var bobLocked = await bob.Connection.NextAsync<RoomLockedMessage>();
        Assert.Equal(new RoomLockedMessage(true, adaJoined.ParticipantId), bobLocked);
        Assert.DoesNotContain("horse", SignalingCodec.EncodeToString(adaLocked), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetRoomPassword_ByNonModerator_NotModeratorAndRoomStaysOpen()
    {
        var harness = new FocusHarness();
        var (ada, _) = await harness.JoinAsync("standup", "Ada");
        var (bob, _) = await harness.JoinAsync("standup", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();

        await bob.SendAsync(new SetRoomPasswordMessage(Password) { RequestId = 3 });

        await bob.Connection.NextErrorAsync(SignalingErrorCodes.NotModerator, 3);
        var (_, carol) = await harness.JoinAsync("standup", "Carol");
        Assert.False(carol.Locked);
        Assert.Contains(harness.Focus.Counters.SignalingErrors, e => e.Key == SignalingErrorCodes.NotModerator && e.Value == 1);
    }

    [Fact]
    public async Task SetRoomPassword_BeforeJoin_NotJoined()
    {
        var harness = new FocusHarness();
        var client = harness.NewClient();

        await client.SendAsync(new SetRoomPasswordMessage(Password) { RequestId = 2 });

        await client.Connection.NextErrorAsync(SignalingErrorCodes.NotJoined, 2);
    }

    [Fact]
    public async Task SetRoomPassword_LongerThanTheLimit_MalformedAndRoomStaysOpen()
    {
        var harness = new FocusHarness();
        var (ada, _) = await harness.JoinAsync("standup", "Ada");

        await ada.SendAsync(new SetRoomPasswordMessage(new string('p', 129)) { RequestId = 4 });

        var error = await ada.Connection.NextErrorAsync(SignalingErrorCodes.Malformed, 4);
        Assert.Contains("at most 128 characters (was 129)", error.Message, StringComparison.Ordinal);
        var (_, bob) = await harness.JoinAsync("standup", "Bob");
        Assert.False(bob.Locked);
    }

    [Fact]
    public async Task Join_LockedRoomWithoutPassword_PasswordRequiredAndNothingAllocated()
    {
        var harness = new FocusHarness();
        await LockedRoomAsync(harness);
        var allocations = harness.Bridge.RequestsOf<AllocateEndpointRequest>().Length;
        var bob = harness.NewClient();

        await bob.SendAsync(new JoinMessage("standup", "Bob") { RequestId = 5 });

        var error = await bob.Connection.NextErrorAsync(SignalingErrorCodes.PasswordRequired, 5);
        Assert.Contains("locked", error.Message, StringComparison.Ordinal);
        Assert.Equal(allocations, harness.Bridge.RequestsOf<AllocateEndpointRequest>().Length);
        Assert.Equal(1, harness.Focus.GetSnapshot().Participants);
        Assert.Equal(1, Failures(harness, JoinFailureReasons.PasswordRequired));
    }

    [Fact]
    public async Task Join_WrongThenRightPassword_RefusedThenJoinedOnTheSameConnection()
    {
        var harness = new FocusHarness();
        var ((ada, _), _) = await LockedRoomAsync(harness);
        var bob = harness.NewClient();

        await bob.SendAsync(new JoinMessage("standup", "Bob", "Correct horse battery staple") { RequestId = 6 });
        await bob.Connection.NextErrorAsync(SignalingErrorCodes.WrongPassword, 6);
        await bob.SendAsync(new JoinMessage("standup", "Bob", Password + " ") { RequestId = 7 });
        await bob.Connection.NextErrorAsync(SignalingErrorCodes.WrongPassword, 7);
        await bob.SendAsync(new JoinMessage("standup", "Bob", Password) { RequestId = 8 });

        var joined = await bob.Connection.NextAsync<JoinedMessage>();
        Assert.Equal(8, joined.RequestId);
        Assert.True(joined.Locked);
        Assert.False(joined.Moderator);
        Assert.Equal("Bob", (await ada.Connection.NextAsync<ParticipantJoinedMessage>()).Participant.DisplayName);
        Assert.Equal(2, Failures(harness, JoinFailureReasons.WrongPassword));
    }

    [Fact]
    public async Task Join_WrongPasswordsUpToTheLimit_LastRefusedAsExceededAndConnectionClosed()
    {
        var harness = new FocusHarness();
        await LockedRoomAsync(harness);
        var mallory = harness.NewClient();

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await mallory.SendAsync(new JoinMessage("standup", "Mallory", $"guess{attempt}") { RequestId = attempt });
            await mallory.Connection.NextErrorAsync(SignalingErrorCodes.WrongPassword, attempt);
            Assert.False(mallory.Connection.Closed.IsCompleted);
        }

        await mallory.SendAsync(new JoinMessage("standup", "Mallory", "guess3") { RequestId = 3 });

        var error = await mallory.Connection.NextErrorAsync(SignalingErrorCodes.PasswordAttemptsExceeded, 3);
        Assert.Contains("3 wrong passwords", error.Message, StringComparison.Ordinal);
        Assert.Equal("too many wrong passwords", await mallory.Connection.Closed.WaitAsync(RecordingConnection.Timeout));
        Assert.Equal(2, Failures(harness, JoinFailureReasons.WrongPassword));
        Assert.Equal(1, Failures(harness, JoinFailureReasons.PasswordAttemptsExceeded));
        Assert.Equal(1, harness.Focus.GetSnapshot().Participants);
    }

    [Fact]
    public async Task Join_AttemptLimitOfOne_FirstWrongPasswordClosesTheConnection()
    {
        var harness = new FocusHarness(auth: new ScaleMeet.Focus.Auth.AuthOptions { RoomPassword = { MaxAttemptsPerConnection = 1 } });
        await LockedRoomAsync(harness);
        var mallory = harness.NewClient();

        await mallory.SendAsync(new JoinMessage("standup", "Mallory", "guess") { RequestId = 1 });

        await mallory.Connection.NextErrorAsync(SignalingErrorCodes.PasswordAttemptsExceeded, 1);
        await mallory.Connection.Closed.WaitAsync(RecordingConnection.Timeout);
    }

    [Fact]
    public async Task Join_MissingPasswords_DoNotCountAsAttempts()
    {
        var harness = new FocusHarness();
        await LockedRoomAsync(harness);
        var bob = harness.NewClient();

        for (var i = 1; i <= 5; i++)
        {
            await bob.SendAsync(new JoinMessage("standup", "Bob", i % 2 == 0 ? string.Empty : null) { RequestId = i });
            await bob.Connection.NextErrorAsync(SignalingErrorCodes.PasswordRequired, i);
        }

        await bob.SendAsync(new JoinMessage("standup", "Bob", "wrong") { RequestId = 6 });
        await bob.Connection.NextErrorAsync(SignalingErrorCodes.WrongPassword, 6);
        await bob.SendAsync(new JoinMessage("standup", "Bob", Password) { RequestId = 7 });
        Assert.Equal(7, (await bob.Connection.NextAsync<JoinedMessage>()).RequestId);
    }

    [Fact]
    public async Task Join_PasswordLongerThanTheLimit_WrongPasswordWithoutHashingIt()
    {
        var harness = new FocusHarness();
        await LockedRoomAsync(harness);
        var bob = harness.NewClient();

        await bob.SendAsync(new JoinMessage("standup", "Bob", Password + new string('x', 200_000)) { RequestId = 1 });

        await bob.Connection.NextErrorAsync(SignalingErrorCodes.WrongPassword, 1);
    }

    [Fact]
    public async Task SetRoomPassword_Cleared_EveryoneToldUnlockedAndJoinsNeedNoPassword()
    {
        var harness = new FocusHarness();
        var (ada, bob) = await LockedRoomWithBobAsync(harness);

        await ada.Client.SendAsync(new SetRoomPasswordMessage(null) { RequestId = 9 });

        Assert.Equal(new RoomLockedMessage(false, ada.Id) { RequestId = 9 }, await ada.Client.Connection.NextAsync<RoomLockedMessage>());
        Assert.False((await bob.Connection.NextAsync<RoomLockedMessage>()).Locked);
        var (_, carol) = await harness.JoinAsync("standup", "Carol");
        Assert.False(carol.Locked);

        // An empty string clears too.
        await ada.Client.SendAsync(new SetRoomPasswordMessage(Password));
        await ada.Client.Connection.NextAsync<ParticipantJoinedMessage>();
        Assert.True((await ada.Client.Connection.NextAsync<RoomLockedMessage>()).Locked);
        await ada.Client.SendAsync(new SetRoomPasswordMessage(string.Empty));
        Assert.False((await ada.Client.Connection.NextAsync<RoomLockedMessage>()).Locked);
    }

    [Fact]
    public async Task Leave_Moderator_LongestPresentBecomesModeratorAndEveryoneIsTold()
    {
        var harness = new FocusHarness();
        var (ada, adaJoined) = await harness.JoinAsync("standup", "Ada");
        var (bob, bobJoined) = await harness.JoinAsync("standup", "Bob");
        var (carol, _) = await harness.JoinAsync("standup", "Carol");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();
        await bob.Connection.NextAsync<ParticipantJoinedMessage>();

        await ada.Session.CloseAsync("left");

        foreach (var client in new[] { bob, carol })
        {
            Assert.Equal(adaJoined.ParticipantId, (await client.Connection.NextAsync<ParticipantLeftMessage>()).ParticipantId);
            Assert.Equal(new RoleChangedMessage(bobJoined.ParticipantId, true), await client.Connection.NextAsync<RoleChangedMessage>());
        }

        await carol.SendAsync(new SetRoomPasswordMessage(Password) { RequestId = 1 });
        await carol.Connection.NextErrorAsync(SignalingErrorCodes.NotModerator, 1);
        await bob.SendAsync(new SetRoomPasswordMessage(Password) { RequestId = 2 });
        Assert.Equal(2, (await bob.Connection.NextAsync<RoomLockedMessage>()).RequestId);
    }

    [Fact]
    public async Task Leave_NonModerator_NoRoleChange()
    {
        var harness = new FocusHarness();
        var (ada, _) = await harness.JoinAsync("standup", "Ada");
        var (bob, _) = await harness.JoinAsync("standup", "Bob");
        await ada.Connection.NextAsync<ParticipantJoinedMessage>();

        await bob.Session.CloseAsync("left");
        await ada.Connection.NextAsync<ParticipantLeftMessage>();

        // Ada is still the moderator: a role change would have come before her own reply.
        await ada.SendAsync(new SetRoomPasswordMessage(Password) { RequestId = 3 });
        Assert.Equal(3, (await ada.Connection.NextAsync<RoomLockedMessage>()).RequestId);
    }

    [Fact]
    public async Task Leave_Everyone_PasswordGoesWithTheRoom()
    {
        var harness = new FocusHarness();
        var (ada, _) = await LockedRoomAsync(harness);

        await ada.Client.Session.CloseAsync("left");

        var (_, next) = await harness.JoinAsync("standup", "Bob");
        Assert.False(next.Locked);
        Assert.True(next.Moderator);
    }

    [Fact]
    public async Task Join_LockedRoomOfAnotherName_NotAffected()
    {
        var harness = new FocusHarness();
        await LockedRoomAsync(harness);

        var (_, other) = await harness.JoinAsync("retro", "Bob");

        Assert.False(other.Locked);
        Assert.True(other.Moderator);
    }

    [Fact]
    public async Task Logs_ThroughLockJoinsAndFailures_NeverContainThePassword()
    {
        var logs = new RecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var harness = new FocusHarness(loggers: loggers);
        var (ada, bob) = await LockedRoomWithBobAsync(harness);
        var mallory = harness.NewClient();
        for (var i = 1; i <= 3; i++)
        {
            await mallory.SendAsync(new JoinMessage("standup", "Mallory", Password + i) { RequestId = i });
        }

        await ada.Client.SendAsync(new SetRoomPasswordMessage(null));
        await bob.Connection.NextAsync<RoomLockedMessage>();

        Assert.Contains(logs.Lines, l => l.Contains("locked by moderator", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("3 wrong passwords", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("horse", StringComparison.Ordinal));
    }

    private static long Failures(FocusHarness harness, string reason) =>
        harness.Focus.Counters.JoinFailures.Single(f => f.Key == reason).Value;

    /// <summary>Ada opens "standup" and locks it with <see cref="Password"/>.</summary>
    private static async Task<((TestClient Client, string Id) Ada, JoinedMessage Joined)> LockedRoomAsync(FocusHarness harness)
    {
        var (ada, joined) = await harness.JoinAsync("standup", "Ada");
        await ada.SendAsync(new SetRoomPasswordMessage(Password) { RequestId = 2 });
        Assert.True((await ada.Connection.NextAsync<RoomLockedMessage>()).Locked);
        return ((ada, joined.ParticipantId), joined);
    }

    /// <summary>A locked "standup" with Ada (moderator) and Bob (who knew the password) in it, both queues drained.</summary>
    private static async Task<((TestClient Client, string Id) Ada, TestClient Bob)> LockedRoomWithBobAsync(FocusHarness harness)
    {
        var (ada, _) = await LockedRoomAsync(harness);
        var (bob, _) = await harness.JoinAsync("standup", "Bob", Password);
        await ada.Client.Connection.NextAsync<ParticipantJoinedMessage>();
        return (ada, bob);
    }
}
