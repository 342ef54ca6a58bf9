using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.LoadTest.Clients;

/// <summary>One synthetic participant's connection to a conferencing server, whatever the server is.</summary>
public interface IConferenceClient : IAsyncDisposable
{
    /// <summary>The connected publish transport; null for a receive-only participant.</summary>
    SyntheticTransport? Publish { get; }

    /// <summary>The transports remote media arrives on (one for ScaleMeet; one per subscriber connection for Janus).</summary>
    IReadOnlyList<SyntheticTransport> SubscribeTransports { get; }
}

/// <summary>What a participant asks of <see cref="IConferenceClientFactory.JoinAsync"/>.</summary>
/// <param name="Room">The room (conference) name.</param>
/// <param name="Publish">What to publish; null = receive only.</param>
/// <param name="ReceiveHeight">Largest video height wanted from every other participant.</param>
/// <param name="SubscribeOffered">Runs for every subscribe offer answered, before its transport first connects.</param>
/// <param name="Region">The participant's region, sent as <c>?region=</c> (ScaleMeet only); null for none.</param>
public sealed record ClientJoinRequest(string Room, string DisplayName, SyntheticTracks? Publish, int ReceiveHeight,
    SyntheticTransportOptions TransportOptions, SubscribeOfferHandler SubscribeOffered, string? Region = null);

/// <summary>Joins synthetic participants to one kind of server.</summary>
public interface IConferenceClientFactory
{
    /// <summary>"scalemeet" or "janus".</summary>
    string System { get; }

    /// <summary>Fails with a one-line message when the server cannot be reached.</summary>
    Task CheckReachableAsync(CancellationToken cancellationToken);

    /// <summary>Joins, publishes (when asked) and returns once the publish transport is connected.</summary>
    Task<IConferenceClient> JoinAsync(ClientJoinRequest request, CancellationToken cancellationToken);
}
