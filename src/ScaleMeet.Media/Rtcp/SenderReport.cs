using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Sender report (RFC 3550 §6.4.1), a view over the packet bytes.
/// <code>
///         0                   1                   2                   3
///         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    RC   |   PT=SR=200   |             length            |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                         SSRC of sender                        |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// sender |              NTP timestamp, most significant word             |
/// info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |             NTP timestamp, least significant word             |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                         RTP timestamp                         |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                     sender's packet count                     |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                      sender's octet count                     |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                 report blocks (RC × 24 bytes)                 |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                  profile-specific extensions                  |
/// </code>
/// </summary>
public readonly ref struct SenderReport
{
    private const int FixedSize = RtcpHeader.Size + 24;

    private readonly ReadOnlySpan<byte> _blocks;

    private SenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(body[4..]);
        RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(body[12..]);
        PacketCount = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
        OctetCount = BinaryPrimitives.ReadUInt32BigEndian(body[20..]);
        ReportCount = reportCount;
        _blocks = body.Slice(24, reportCount * ReportBlock.Size);
        ProfileExtension = body[(24 + _blocks.Length)..];
    }

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc { get; }
    /// <summary>64-bit NTP wallclock time (seconds since 1900 in the upper 32 bits, fraction in the lower).</summary>
    public ulong NtpTimestamp { get; }
    /// <summary>The middle 32 bits of <see cref="NtpTimestamp"/>: what receivers echo as LSR.</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);
    /// <summary>RTP timestamp matching <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp { get; }
    /// <summary>Packets sent since the start of transmission.</summary>
    public uint PacketCount { get; }
    /// <summary>Payload octets sent since the start of transmission.</summary>
    public uint OctetCount { get; }
    /// <summary>RC: number of report blocks.</summary>
    public int ReportCount { get; }
    /// <summary>Profile-specific extension bytes after the report blocks (usually empty).</summary>
    public ReadOnlySpan<byte> ProfileExtension { get; }

    /// <summary>The report block at <paramref name="index"/> (0 ≤ index &lt; <see cref="ReportCount"/>).</summary>
    public ReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportCount);
        ReportBlock.TryParse(_blocks[(index * ReportBlock.Size)..], out var block);
        return block;
    }

    /// <summary>Parses an SR; the sender info and all RC report blocks must fit the packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out SenderReport report)
    {
        report = default;
        if (!RtcpHeader.TryParseBody(packet, RtcpPacketType.SR, -1, out var header, out var body)
            || body.Length < 24 + (header.Count * ReportBlock.Size))
        {
            return false;
        }

        report = new SenderReport(body, header.Count);
        return true;
    }

    /// <summary>Writes an SR with up to 31 report blocks and no profile extension.</summary>
    public static bool TryWrite(Span<byte> dest, uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount,
        uint octetCount, ReadOnlySpan<ReportBlock> blocks, out int written)
    {
        written = 0;
        var length = FixedSize + (blocks.Length * ReportBlock.Size);
        if (blocks.Length > 31 || dest.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(dest, blocks.Length, RtcpPacketType.SR, length);
        BinaryPrimitives.WriteUInt32BigEndian(dest[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(dest[8..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(dest[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(dest[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(dest[24..], octetCount);
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].TryWrite(dest[(FixedSize + (i * ReportBlock.Size))..], out _);
        }

        written = length;
        return true;
    }
}
