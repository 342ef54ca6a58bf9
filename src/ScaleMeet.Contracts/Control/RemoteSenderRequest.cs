namespace ScaleMeet.Contracts.Control;

/// <summary>
/// A participant of the conference on another bridge whose media arrives over the relay
/// <paramref name="RelayEndpointId"/> (what its bridge said in a <see cref="SenderTracksEvent"/>): this bridge's
/// receivers subscribe to its tracks as to a local sender's. Sent again with changed tracks, it updates them (a track
/// whose mid is gone closes, a new one opens, learned SSRCs are added); <see cref="ExpireRemoteSenderRequest"/> or the
/// relay's closing removes it. <paramref name="AudioLevelExtensionId"/>: as in the event.
/// </summary>
public sealed record RemoteSenderRequest(
    string ConferenceId,
    string EndpointId,
    string RelayEndpointId,
    string DisplayName,
    int AudioLevelExtensionId,
    IReadOnlyList<RelayedTrack> Tracks)
    : BridgeRequest(ConferenceId, EndpointId);
