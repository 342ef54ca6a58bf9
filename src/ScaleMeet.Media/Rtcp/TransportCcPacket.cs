namespace ScaleMeet.Media.Rtcp;

/// <summary>Packet status symbols of transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TransportCcStatus : byte
{
    /// <summary>00: packet not received (no delta).</summary>
    NotReceived = 0,
    /// <summary>01: received, with a one-byte unsigned delta (0..63.75 ms).</summary>
    SmallDelta = 1,
    /// <summary>10: received, with a two-byte signed delta (large or negative).</summary>
    LargeDelta = 2,
}

/// <summary>One packet's entry in a transport-wide feedback message, as parsed or as given to the writer.</summary>
public readonly struct TransportCcPacket
{
    /// <summary>Creates an entry.</summary>
    public TransportCcPacket(ushort sequenceNumber, TransportCcStatus status, short deltaTicks,
        long arrivalTimeMicroseconds)
    {
        SequenceNumber = sequenceNumber;
        Status = status;
        DeltaTicks = deltaTicks;
        ArrivalTimeMicroseconds = arrivalTimeMicroseconds;
    }

    /// <summary>Transport-wide sequence number.</summary>
    public ushort SequenceNumber { get; }
    /// <summary>Status symbol.</summary>
    public TransportCcStatus Status { get; }
    /// <summary>True unless <see cref="Status"/> is <see cref="TransportCcStatus.NotReceived"/>.</summary>
    public bool Received => Status != TransportCcStatus.NotReceived;
    /// <summary>Receive delta from the previous received packet (or the reference time), in 250 µs ticks.</summary>
    public short DeltaTicks { get; }
    /// <summary><see cref="DeltaTicks"/> in microseconds.</summary>
    public long DeltaMicroseconds => DeltaTicks * (long)TransportCc.DeltaTickMicroseconds;
    /// <summary>
    /// Arrival time in microseconds: reference time × 64 ms plus the deltas so far. Only meaningful when
    /// <see cref="Received"/>; on the receiver's clock, so compare differences, not absolute values.
    /// </summary>
    public long ArrivalTimeMicroseconds { get; }
}
