namespace ScaleMeet.LoadTest.Hostile;

/// <summary>The feedback a <see cref="HostileReceiver"/> abuses.</summary>
public enum FeedbackAttack
{
    /// <summary>NACK compounds (<see cref="NackStorm"/>) for a video stream it receives.</summary>
    NackStorm,

    /// <summary>Transport-wide feedback declaring 65 535 statuses (<see cref="TransportCcFlood"/>).</summary>
    TransportCcFlood,
}
