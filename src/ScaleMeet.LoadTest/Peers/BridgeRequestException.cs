using ScaleMeet.Contracts.Control;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>A bridge refused a control request; <see cref="Code"/> is one of <see cref="BridgeErrorCodes"/>.</summary>
public sealed class BridgeRequestException(string code, string message)
    : Exception($"the bridge refused the request: {code}: {message}")
{
    public string Code { get; } = code;

    public string BridgeMessage { get; } = message;
}
