using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Receiver report (RFC 3550 §6.4.2), a view over the packet bytes.
/// <code>
///         0                   1                   2                   3
///         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    RC   |   PT=RR=201   |             length            |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                     SSRC of packet sender                     |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                 report blocks (RC × 24 bytes)                 |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                  profile-specific extensions                  |
/// </code>
/// </summary>
public readonly ref struct ReceiverReport
{
    private const int FixedSize = RtcpHeader.Size + 4;

    private readonly ReadOnlySpan<byte> _blocks;

    private ReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        ReportCount = reportCount;
        _blocks = body.Slice(4, reportCount * ReportBlock.Size);
        ProfileExtension = body[(4 + _blocks.Length)..];
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint Ssrc { get; }
    /// <summary>RC: number of report blocks (0 for an empty RR).</summary>
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

    /// <summary>Parses an RR; all RC report blocks must fit the packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverReport report)
    {
        report = default;
        if (!RtcpHeader.TryParseBody(packet, RtcpPacketType.RR, -1, out var header, out var body)
            || body.Length < 4 + (header.Count * ReportBlock.Size))
        {
            return false;
        }

        report = new ReceiverReport(body, header.Count);
        return true;
    }

    /// <summary>Writes an RR with up to 31 report blocks.</summary>
    public static bool TryWrite(Span<byte> dest, uint ssrc, ReadOnlySpan<ReportBlock> blocks, out int written)
    {
        written = 0;
        var length = FixedSize + (blocks.Length * ReportBlock.Size);
        if (blocks.Length > 31 || dest.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(dest, blocks.Length, RtcpPacketType.RR, length);
        BinaryPrimitives.WriteUInt32BigEndian(dest[4..], ssrc);
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].TryWrite(dest[(FixedSize + (i * ReportBlock.Size))..], out _);
        }

        written = length;
        return true;
    }
}
