namespace ScaleMeet.Contracts.Control;

/// <summary>
/// The bridge's first message on a new channel: who it is and how it proves it knows the shared secret
/// (<see cref="ControlAuth"/>). The focus answers <see cref="WelcomeMessage"/> or <see cref="RefusedMessage"/>.
/// <paramref name="MediaAddresses"/> are the <c>ip:port</c> pairs its ICE candidates name; <paramref name="RelayAddress"/>
/// is where other bridges reach it for relays (null until relays exist); <paramref name="Version"/> is the software
/// version (the focus keeps a conference on bridges of one major version). <paramref name="HttpPort"/> is the port of the
/// bridge's own <c>/health</c>, <c>/metrics</c> and <c>/stats</c> on the address its channel comes from (null for the
/// all-in-one's embedded bridge, whose figures are the server's own).
/// </summary>
public sealed record HelloMessage(
    string BridgeId,
    string Region,
    string Version,
    IReadOnlyList<string> MediaAddresses,
    double AverageParticipantStress,
    ControlAuth Auth,
    string? RelayAddress = null,
    int? HttpPort = null) : ControlMessage;
