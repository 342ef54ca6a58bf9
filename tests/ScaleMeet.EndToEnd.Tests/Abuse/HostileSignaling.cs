using ScaleMeet.Contracts.Signaling;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>
/// A hostile participant's signaling: joins like a browser, then sends whatever it likes and reads the server's
/// replies one by one. Disposing leaves (closes the socket).
/// </summary>
internal sealed class HostileSignaling : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);

    private HostileSignaling(SignalingClient client, string participantId)
    {
        Client = client;
        ParticipantId = participantId;
    }

    public SignalingClient Client { get; }

    public string ParticipantId { get; }

    public static async Task<HostileSignaling> JoinAsync(AbuseTarget target, string displayName, CancellationToken cancellationToken)
    {
        var client = await SignalingClient.ConnectAsync(target.ServerUri, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.SendAsync(new JoinMessage(target.Room, displayName), cancellationToken).ConfigureAwait(false);
            var joined = await NextAsync<JoinedMessage>(client, cancellationToken).ConfigureAwait(false);
            return new HostileSignaling(client, joined.ParticipantId);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends <paramref name="message"/> and returns the error or reply of type <typeparamref name="T"/> that answers it.</summary>
    public async Task<SignalingMessage> RequestAsync<T>(SignalingMessage message, CancellationToken cancellationToken)
        where T : SignalingMessage
    {
        var id = await Client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        await foreach (var reply in Client.Messages.ReadAllAsync(timeout.Token).ConfigureAwait(false))
        {
            if (reply.RequestId == id && reply is T or ErrorMessage)
            {
                return reply;
            }
        }

        throw new InvalidOperationException($"the signaling connection closed before the reply to request {id}");
    }

    private static async Task<T> NextAsync<T>(SignalingClient client, CancellationToken cancellationToken)
        where T : SignalingMessage
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        await foreach (var message in client.Messages.ReadAllAsync(timeout.Token).ConfigureAwait(false))
        {
            switch (message)
            {
                case T wanted:
                    return wanted;
                case ErrorMessage error:
                    throw new InvalidOperationException($"the server refused: {error.Code}: {error.Message}");
            }
        }

        throw new InvalidOperationException($"the signaling connection closed before '{typeof(T).Name}'");
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
