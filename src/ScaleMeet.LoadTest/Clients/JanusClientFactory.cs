using System.Net.WebSockets;
using System.Text;
using ScaleMeet.LoadTest.Janus;
using ScaleMeet.LoadTest.Peers;

namespace ScaleMeet.LoadTest.Clients;

/// <summary>
/// Synthetic participants of a Janus VideoRoom (the side-by-side comparison): one session per participant, a publisher
/// handle and one multistream subscriber connection following every other publisher. Janus forwards every subscriber
/// the highest simulcast layer unless told otherwise, so <see cref="ClientJoinRequest.ReceiveHeight"/> is not sent.
/// </summary>
public sealed class JanusClientFactory(Uri janusWebSocket) : IConferenceClientFactory
{
    public string System => "janus";

    public async Task CheckReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await using var client = await JanusClient.ConnectAsync(janusWebSocket, cancellationToken: timeout.Token).ConfigureAwait(false);
            await client.DestroySessionAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or JanusException or OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new TargetUnreachableException($"cannot reach Janus at {janusWebSocket}: {ex.Message}");
        }
    }

    public async Task<IConferenceClient> JoinAsync(ClientJoinRequest request, CancellationToken cancellationToken)
    {
        var participant = await JanusParticipant.JoinAsync(janusWebSocket, RoomId(request.Room), request.DisplayName, request.Publish,
            request.SubscribeOffered, request.TransportOptions, cancellationToken).ConfigureAwait(false);
        return new Client(participant);
    }

    /// <summary>Janus rooms are numbered: a stable number from the room name (FNV-1a, 31 bits, never 0).</summary>
    internal static long RoomId(string room)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(room))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (hash & 0x7FFFFFFF) is var id and > 0 ? id : 1;
    }

    private sealed class Client(JanusParticipant participant) : IConferenceClient
    {
        public SyntheticTransport? Publish => participant.Publish;

        public IReadOnlyList<SyntheticTransport> SubscribeTransports => participant.Subscribe is { } s ? [s] : [];

        public ValueTask DisposeAsync() => participant.DisposeAsync();
    }
}
