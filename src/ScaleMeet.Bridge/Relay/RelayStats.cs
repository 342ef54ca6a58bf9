namespace ScaleMeet.Bridge.Relay;

/// <summary>
/// One relay as <c>/stats</c> lists it: its conference and name, its id, the peer's relay address, whether it has
/// consent, the round trip its last answered check measured (ms; 0 before any), and what it carried each way since it
/// was created (datagrams and bytes on the wire: header, SRTP and STUN included). A bitrate is the difference of two
/// readings of the byte counts over the time between them.
/// </summary>
public sealed record RelayStats(string ConferenceId, string EndpointId, uint RelayId, string Peer, bool Connected, double RttMs,
    long PacketsSent, long BytesSent, long PacketsReceived, long BytesReceived);
