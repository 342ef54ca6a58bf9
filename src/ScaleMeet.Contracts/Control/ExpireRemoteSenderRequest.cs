namespace ScaleMeet.Contracts.Control;

/// <summary>The remote sender <paramref name="EndpointId"/> left the conference (or its bridge did): its tracks go here too.</summary>
public sealed record ExpireRemoteSenderRequest(string ConferenceId, string EndpointId)
    : BridgeRequest(ConferenceId, EndpointId);
