namespace ScaleMeet.Media.Rtcp;

/// <summary>One FCI entry of a Full Intra Request (RFC 5104 §4.3.1.1): the target SSRC and a command sequence number.</summary>
public readonly struct FirEntry
{
    /// <summary>Creates an entry.</summary>
    public FirEntry(uint ssrc, byte sequenceNumber)
    {
        Ssrc = ssrc;
        SequenceNumber = sequenceNumber;
    }

    /// <summary>SSRC of the media sender asked for a decoder refresh.</summary>
    public uint Ssrc { get; }

    /// <summary>Command sequence number, incremented by one per new request to the same SSRC.</summary>
    public byte SequenceNumber { get; }
}
