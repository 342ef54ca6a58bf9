namespace ScaleMeet.Contracts.Control;

/// <summary>
/// A bridge's state and load as of one heartbeat. Rates are over the bridge's last sample interval.
/// <paramref name="State"/> is one of <see cref="BridgeStates"/>; stress is unitless (1.0 = fully loaded).
/// </summary>
public sealed record BridgeStatus(
    string State,
    bool Healthy,
    double Stress,
    double AverageParticipantStress,
    int Participants,
    int Conferences,
    double BitrateDownloadKbps,
    double BitrateUploadKbps,
    double PacketRateDownload,
    double PacketRateUpload,
    double RttMilliseconds,
    double IncomingLoss,
    double OutgoingLoss);
