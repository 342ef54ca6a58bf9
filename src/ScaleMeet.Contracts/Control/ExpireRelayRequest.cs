namespace ScaleMeet.Contracts.Control;

/// <summary>Remove the relay <paramref name="EndpointId"/> (<c>relay:</c> + peer bridge id) of the conference and free its state.</summary>
public sealed record ExpireRelayRequest(string ConferenceId, string EndpointId)
    : BridgeRequest(ConferenceId, EndpointId);
