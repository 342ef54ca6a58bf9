namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Iterates the packets of a compound RTCP datagram (RFC 3550 §6.1): packets are stacked back to back, each
/// sized by its own length field. Stops at the end, or at a packet that does not parse, in which case
/// <see cref="Malformed"/> is set and the rest of the datagram is ignored.
/// The RFC 3550 rule that a compound starts with SR or RR is not enforced: RFC 5506 reduced-size RTCP
/// (a lone feedback packet) is common with WebRTC.
/// </summary>
public ref struct RtcpCompoundReader
{
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Reads <paramref name="compound"/> from its start.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> compound)
    {
        _remaining = compound;
        Malformed = false;
    }

    /// <summary>True once a packet failed to parse; no more packets are returned after that.</summary>
    public bool Malformed { get; private set; }

    /// <summary>The next packet: its header and its bytes (header and padding included).</summary>
    public bool TryNext(out RtcpHeader header, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        if (_remaining.IsEmpty || Malformed)
        {
            header = default;
            return false;
        }

        if (!RtcpHeader.TryParse(_remaining, out header))
        {
            Malformed = true;
            _remaining = default;
            return false;
        }

        packet = _remaining[..header.TotalLength];
        _remaining = _remaining[header.TotalLength..];
        return true;
    }
}
