namespace ScaleMeet.Contracts.Control;

/// <summary>
/// The relay <paramref name="EndpointId"/> of the conference lost its peer (no authenticated answer to its checks within
/// the relay consent timeout). It sends nothing more; the focus rebuilds it or fails the peer bridge over, then expires it.
/// </summary>
public sealed record RelayFailedEvent(string ConferenceId, string EndpointId, string Reason)
    : BridgeEvent(ConferenceId, EndpointId);
