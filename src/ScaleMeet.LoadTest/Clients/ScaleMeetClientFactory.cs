using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.LoadTest.Clients;

/// <summary>Synthetic participants of a ScaleMeet server: its signaling WebSocket, a publish and a subscribe transport.</summary>
public sealed class ScaleMeetClientFactory(Uri serverBase, HttpClient http) : IConferenceClientFactory
{
    public string System => "scalemeet";

    public async Task CheckReachableAsync(CancellationToken cancellationToken)
    {
        var health = new Uri(serverBase, "/health");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await http.GetAsync(health, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new TargetUnreachableException($"{health} answered {(int)response.StatusCode}; is this a ScaleMeet server?");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TargetUnreachableException($"cannot reach ScaleMeet at {serverBase}: {ex.Message}");
        }
    }

    public async Task<IConferenceClient> JoinAsync(ClientJoinRequest request, CancellationToken cancellationToken)
    {
        var server = request.Region is { } region
            ? new UriBuilder(serverBase) { Query = "region=" + Uri.EscapeDataString(region) }.Uri
            : serverBase;
        var participant = await SignalingParticipant.JoinAsync(server, request.Room, request.DisplayName, request.Publish,
            request.TransportOptions, request.SubscribeOffered, cancellationToken).ConfigureAwait(false);
        try
        {
            await participant.SetReceiveHeightAsync(request.ReceiveHeight, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await participant.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new Client(participant);
    }

    private sealed class Client(SignalingParticipant participant) : IConferenceClient
    {
        public SyntheticTransport? Publish => participant.Tracks is null ? null : participant.Publish;

        public IReadOnlyList<SyntheticTransport> SubscribeTransports { get; } = [participant.Subscribe];

        public ValueTask DisposeAsync() => participant.DisposeAsync();
    }
}

/// <summary>The target server cannot be reached (one line for the user).</summary>
public sealed class TargetUnreachableException(string message) : Exception(message);
