using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Full Intra Request (RFC 5104 §4.3.1): PSFB with FMT 4; the media source SSRC is unused (0) and each
/// 8-byte FCI entry names a target.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=4  |    PT=206     |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source (unused, 0)             |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                              SSRC                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Seq nr.       |    Reserved (0)                               |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// :                        more entries                           :
/// </code>
/// </summary>
public readonly ref struct Fir
{
    /// <summary>FMT value of FIR.</summary>
    public const int Format = 4;

    private const int EntrySize = 8;

    private readonly ReadOnlySpan<byte> _entries;

    private Fir(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> entries)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _entries = entries;
    }

    /// <summary>SSRC of the requester.</summary>
    public uint SenderSsrc { get; }
    /// <summary>Media source field; RFC 5104 says 0, some senders repeat the target here.</summary>
    public uint MediaSsrc { get; }
    /// <summary>Number of FCI entries (at least one after a successful parse).</summary>
    public int EntryCount => _entries.Length / EntrySize;

    /// <summary>The entry at <paramref name="index"/> (0 ≤ index &lt; <see cref="EntryCount"/>).</summary>
    public FirEntry GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EntryCount);
        var entry = _entries[(index * EntrySize)..];
        return new FirEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    /// <summary>Parses a FIR: at least one entry, and an FCI of whole 8-byte entries.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out Fir fir)
    {
        fir = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.PSFB, Format, out var sender, out var media, out var fci)
            || fci.IsEmpty || fci.Length % EntrySize != 0)
        {
            return false;
        }

        fir = new Fir(sender, media, fci);
        return true;
    }

    /// <summary>Writes a FIR with at least one entry.</summary>
    public static bool TryWrite(Span<byte> dest, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<FirEntry> entries,
        out int written)
    {
        written = 0;
        var length = RtcpFeedback.HeaderSize + (entries.Length * EntrySize);
        if (entries.IsEmpty || length > 0x40000 || dest.Length < length)
        {
            return false;
        }

        RtcpFeedback.Write(dest, RtcpPacketType.PSFB, Format, length, senderSsrc, mediaSsrc);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = dest[(RtcpFeedback.HeaderSize + (i * EntrySize))..];
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], (uint)entries[i].SequenceNumber << 24);
        }

        written = length;
        return true;
    }
}
