using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// A reception report block of an SR or RR (RFC 3550 §6.4.1).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 SSRC_1 (SSRC of first source)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      interarrival jitter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         last SR (LSR)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   delay since last SR (DLSR)                  |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// </code>
/// </summary>
public readonly struct ReportBlock
{
    /// <summary>Size of a report block on the wire.</summary>
    public const int Size = 24;

    /// <summary>Largest cumulative loss a 24-bit signed field holds.</summary>
    public const int MaxCumulativeLost = 0x7FFFFF;

    /// <summary>Smallest (most negative: duplicates) cumulative loss a 24-bit signed field holds.</summary>
    public const int MinCumulativeLost = -0x800000;

    /// <summary>Creates a block; <paramref name="cumulativeLost"/> is clamped to the 24-bit signed range.</summary>
    public ReportBlock(uint ssrc, byte fractionLost, int cumulativeLost, uint extendedHighestSequenceNumber,
        uint jitter, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        Ssrc = ssrc;
        FractionLost = fractionLost;
        CumulativeLost = Math.Clamp(cumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        ExtendedHighestSequenceNumber = extendedHighestSequenceNumber;
        Jitter = jitter;
        LastSenderReport = lastSenderReport;
        DelaySinceLastSenderReport = delaySinceLastSenderReport;
    }

    /// <summary>SSRC of the source this block reports on.</summary>
    public uint Ssrc { get; }
    /// <summary>Fraction of packets lost since the last report, in 1/256 units.</summary>
    public byte FractionLost { get; }
    /// <summary>Packets lost since reception started (24-bit signed: negative when duplicates outnumber losses).</summary>
    public int CumulativeLost { get; }
    /// <summary>Highest sequence number received, with the cycle count in the upper 16 bits.</summary>
    public uint ExtendedHighestSequenceNumber { get; }
    /// <summary>Interarrival jitter in RTP timestamp units.</summary>
    public uint Jitter { get; }
    /// <summary>LSR: the middle 32 bits of the NTP timestamp of the last SR received from this source, or 0.</summary>
    public uint LastSenderReport { get; }
    /// <summary>DLSR: delay between receiving that SR and sending this block, in 1/65536 s.</summary>
    public uint DelaySinceLastSenderReport { get; }

    /// <summary>Parses a block from the first 24 bytes of <paramref name="data"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out ReportBlock block)
    {
        if (data.Length < Size)
        {
            block = default;
            return false;
        }

        var lost = (int)(BinaryPrimitives.ReadUInt32BigEndian(data[4..]) << 8) >> 8; // sign-extend 24 bits
        block = new ReportBlock(BinaryPrimitives.ReadUInt32BigEndian(data), data[4], lost,
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]), BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
        return true;
    }

    /// <summary>Writes the 24-byte block.</summary>
    public bool TryWrite(Span<byte> dest, out int written)
    {
        written = 0;
        if (dest.Length < Size)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(dest, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(dest[4..], ((uint)FractionLost << 24) | ((uint)CumulativeLost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(dest[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(dest[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(dest[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(dest[20..], DelaySinceLastSenderReport);
        written = Size;
        return true;
    }
}
