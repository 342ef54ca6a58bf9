namespace ScaleMeet.Contracts.Control;

/// <summary>
/// A participant on this bridge (<paramref name="EndpointId"/>) in a conference that has relays, as the other bridges of
/// the conference need it to receive its media over a relay: its display name and tracks. Sent when a relay is created
/// and whenever the participant's tracks change (a publish renegotiation, a simulcast SSRC learned or changed); the
/// focus passes it on to every other bridge of the conference as a <see cref="RemoteSenderRequest"/>. An empty track
/// list is a participant that publishes nothing (any longer). <paramref name="AudioLevelExtensionId"/> is the
/// ssrc-audio-level header extension id its audio packets carry (0: none).
/// </summary>
public sealed record SenderTracksEvent(
    string ConferenceId,
    string EndpointId,
    string DisplayName,
    int AudioLevelExtensionId,
    IReadOnlyList<RelayedTrack> Tracks)
    : BridgeEvent(ConferenceId, EndpointId);
