namespace ScaleMeet.Contracts.Control;

/// <summary>
/// The bridge's first message on a new channel: who it is and how it proves it knows the shared secret
/// (<see cref="ControlAuth"/>). The focus answers <see cref="WelcomeMessage"/> or <see cref="RefusedMessage"/>.
/// <paramref name="MediaAddresses"/> are the <c>ip:port</c> pairs its ICE candidates name; <paramref name="RelayAddress"/>
/// is where other bridges reach it for relays (null until relays exist); <paramref name="Version"/> is the software
/// version (the focus keeps a conference on bridges of one major version).
/// </summary>
public sealed record HelloMessage(
    string BridgeId,
    string Region,
    string Version,
    IReadOnlyList<string> MediaAddresses,
    double AverageParticipantStress,
    ControlAuth Auth,
    string? RelayAddress = null) : ControlMessage;
