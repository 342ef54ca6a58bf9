namespace ScaleMeet.Contracts.Control;

/// <summary>
/// Connect this bridge's part of the conference to the same conference on bridge <paramref name="PeerBridgeId"/>
/// (docs/protocol.md, "Relays"). The focus sends one to each of the two bridges, mirrored: the same
/// <paramref name="RelayId"/> (28 bits, unique on both bridges), each one's own credentials as <paramref name="Local"/>
/// and the other's as <paramref name="Peer"/>, and <paramref name="Send"/> of one is <paramref name="Receive"/> of the
/// other. <paramref name="EndpointId"/> names the relay in the conference: <c>relay:</c> and the peer bridge's id.
/// <paramref name="PeerAddress"/> is the peer's relay address (<c>ip:port</c>, from its hello); datagrams from
/// anywhere else are dropped. A rebuilt relay gets a new id and new keys.
/// </summary>
public sealed record CreateRelayRequest(
    string ConferenceId,
    string EndpointId,
    uint RelayId,
    string PeerBridgeId,
    string PeerAddress,
    RelayIceCredentials Local,
    RelayIceCredentials Peer,
    RelaySrtpKey Send,
    RelaySrtpKey Receive)
    : BridgeRequest(ConferenceId, EndpointId)
{
    /// <summary>The relay's name in a conference for a peer bridge id.</summary>
    public static string EndpointIdFor(string peerBridgeId) => "relay:" + peerBridgeId;
}
