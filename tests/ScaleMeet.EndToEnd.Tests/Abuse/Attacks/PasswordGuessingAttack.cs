using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// A hostile participant guesses a locked room's password. The room is the attack's own (<c>{room}-locked</c>), so its
/// first participant is the moderator that locks it with a random password. The guesser is asked for the password, its
/// wrong guesses are refused, and its connection is closed after the allowed number of attempts
/// (<c>ScaleMeet:Auth:RoomPassword:MaxAttemptsPerConnection</c>), counted under
/// <c>scalemeet_focus_join_failures_total{reason}</c>; it never gets in. It then tries to take the lock over as a
/// non-moderator (<c>not_moderator</c>). The room stays usable: a participant with the password joins. Every connection
/// is closed at the end and the focus is back to the participants it had.
/// </summary>
internal sealed class PasswordGuessingAttack : IHostileAttack
{
    /// <summary>The largest attempt bound the setting allows: the attack gives up guessing after it.</summary>
    private const int MaxGuesses = 100;

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    public string Name => "password-guessing";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        var room = $"{target.Room}-locked";
        var password = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 24);
        var before = await PrometheusScrape.ReadAsync(target.ServerUri, cancellationToken);
        var participantsBefore = (await target.Server.StatsAsync()).GetProperty("focus").GetProperty("participants").GetInt32();

        var moderator = await SignalingClient.ConnectAsync(target.ServerUri, cancellationToken);
        try
        {
            await RunLockedAsync(target, moderator, room, password, before, cancellationToken);
        }
        finally
        {
            await moderator.DisposeAsync();
        }

        await WaitForParticipantsAsync(target, participantsBefore, cancellationToken);
    }

    private static async Task RunLockedAsync(AbuseTarget target, SignalingClient moderator, string room, string password,
        PrometheusScrape before, CancellationToken cancellationToken)
    {
        await moderator.SendAsync(new JoinMessage(room, "Room owner"), cancellationToken);
        var owner = await NextAsync<JoinedMessage>(moderator.Messages, cancellationToken);
        Assert.True(owner.Moderator, $"the first participant of '{room}' moderates it");
        await moderator.SendAsync(new SetRoomPasswordMessage(password), cancellationToken);
        Assert.True((await NextAsync<RoomLockedMessage>(moderator.Messages, cancellationToken)).Locked);

        var guesses = 0;
        await using (var guesser = await SignalingClient.ConnectAsync(target.ServerUri, cancellationToken))
        {
            await guesser.SendAsync(new JoinMessage(room, "Guesser"), cancellationToken);
            Assert.Equal(SignalingErrorCodes.PasswordRequired, (await NextAsync<ErrorMessage>(guesser.Messages, cancellationToken)).Code);

            ErrorMessage refusal;
            do
            {
                guesses++;
                await guesser.SendAsync(new JoinMessage(room, "Guesser", $"guess-{guesses}"), cancellationToken);
                refusal = await NextAsync<ErrorMessage>(guesser.Messages, cancellationToken);
            }
            while (refusal.Code == SignalingErrorCodes.WrongPassword && guesses < MaxGuesses);

            Assert.Equal(SignalingErrorCodes.PasswordAttemptsExceeded, refusal.Code);
            await AssertClosedAsync(guesser.Messages, cancellationToken);
        }

        await using (var member = await SignalingClient.ConnectAsync(target.ServerUri, cancellationToken))
        {
            await member.SendAsync(new JoinMessage(room, "Member", password), cancellationToken);
            Assert.True((await NextAsync<JoinedMessage>(member.Messages, cancellationToken)).Locked);
            await member.SendAsync(new SetRoomPasswordMessage("taken-over"), cancellationToken);
            Assert.Equal(SignalingErrorCodes.NotModerator, (await NextAsync<ErrorMessage>(member.Messages, cancellationToken)).Code);
        }

        var after = await PrometheusScrape.ReadAsync(target.ServerUri, cancellationToken);
        Assert.Equal(1, Delta(before, after, "password_required"));
        Assert.Equal(guesses - 1, Delta(before, after, "wrong_password"));
        Assert.Equal(1, Delta(before, after, "password_attempts_exceeded"));
    }

    /// <summary>The next message of type <typeparamref name="T"/>; other messages (announcements) are skipped, an unexpected error fails.</summary>
    private static async Task<T> NextAsync<T>(ChannelReader<SignalingMessage> messages, CancellationToken cancellationToken)
        where T : SignalingMessage
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        await foreach (var message in messages.ReadAllAsync(timeout.Token))
        {
            switch (message)
            {
                case T wanted:
                    return wanted;
                case ErrorMessage error:
                    throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, the server refused: {error.Code}: {error.Message}");
            }
        }

        throw new Xunit.Sdk.XunitException($"the connection closed before {typeof(T).Name}");
    }

    /// <summary>The server closes the connection: the message channel completes with nothing more in it.</summary>
    private static async Task AssertClosedAsync(ChannelReader<SignalingMessage> messages, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        await foreach (var message in messages.ReadAllAsync(timeout.Token))
        {
            throw new Xunit.Sdk.XunitException($"expected the connection to close, got {SignalingCodec.EncodeToString(message)}");
        }
    }

    private static double Delta(PrometheusScrape before, PrometheusScrape after, string reason) =>
        after.Since(before, $"scalemeet_focus_join_failures_total{{reason=\"{reason}\"}}");

    private static async Task WaitForParticipantsAsync(AbuseTarget target, int expected, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        int now;
        while ((now = (await target.Server.StatsAsync()).GetProperty("focus").GetProperty("participants").GetInt32()) != expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"the focus holds {now} participants after the attack, {expected} before it");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
