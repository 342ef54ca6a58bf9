namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Picture Loss Indication (RFC 4585 §6.3.1): PSFB with FMT 1 and no FCI.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=1  |    PT=206     |          length=2             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct Pli
{
    /// <summary>FMT value of PLI.</summary>
    public const int Format = 1;

    /// <summary>Size of a PLI on the wire.</summary>
    public const int Size = RtcpFeedback.HeaderSize;

    /// <summary>Creates a PLI asking <paramref name="mediaSsrc"/> for a keyframe.</summary>
    public Pli(uint senderSsrc, uint mediaSsrc)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
    }

    /// <summary>SSRC of the requester.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the stream that lost a picture.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Parses a PLI (extra FCI bytes, which PLI does not define, are ignored).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out Pli pli)
    {
        var ok = RtcpFeedback.TryParse(packet, RtcpPacketType.PSFB, Format, out var sender, out var media, out _);
        pli = ok ? new Pli(sender, media) : default;
        return ok;
    }

    /// <summary>Writes the 12-byte PLI.</summary>
    public bool TryWrite(Span<byte> dest, out int written)
    {
        written = 0;
        if (dest.Length < Size)
        {
            return false;
        }

        RtcpFeedback.Write(dest, RtcpPacketType.PSFB, Format, Size, SenderSsrc, MediaSsrc);
        written = Size;
        return true;
    }
}
