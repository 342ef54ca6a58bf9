using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Generic NACK (RFC 4585 §6.2.1): RTPFB with FMT 1 and one or more PID/BLP items (see <see cref="NackItem"/>).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=1  |    PT=205     |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            PID                |             BLP               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// :                          more items                           :
/// </code>
/// </summary>
public readonly ref struct GenericNack
{
    /// <summary>FMT value of generic NACK.</summary>
    public const int Format = 1;

    private readonly ReadOnlySpan<byte> _items;

    private GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> items)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _items = items;
    }

    /// <summary>SSRC of the receiver asking for retransmission.</summary>
    public uint SenderSsrc { get; }
    /// <summary>SSRC of the stream the lost packets belong to.</summary>
    public uint MediaSsrc { get; }
    /// <summary>Number of PID/BLP items (at least one after a successful parse).</summary>
    public int ItemCount => _items.Length / 4;

    /// <summary>Total lost sequence numbers named by all items (duplicates between items counted twice).</summary>
    public int LostCount
    {
        get
        {
            var total = 0;
            for (var i = 0; i < ItemCount; i++)
            {
                total += GetItem(i).LostCount;
            }

            return total;
        }
    }

    /// <summary>The item at <paramref name="index"/> (0 ≤ index &lt; <see cref="ItemCount"/>).</summary>
    public NackItem GetItem(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ItemCount);
        var item = _items[(4 * index)..];
        return new NackItem(BinaryPrimitives.ReadUInt16BigEndian(item), BinaryPrimitives.ReadUInt16BigEndian(item[2..]));
    }

    /// <summary>Writes every lost sequence number, item after item; returns how many fit in <paramref name="dest"/>.</summary>
    public int CopyLostSequenceNumbers(Span<ushort> dest)
    {
        var count = 0;
        for (var i = 0; i < ItemCount && count < dest.Length; i++)
        {
            count += GetItem(i).CopyLostTo(dest[count..]);
        }

        return count;
    }

    /// <summary>Parses a generic NACK: at least one item, and an FCI of whole 4-byte items.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out GenericNack nack)
    {
        nack = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.RTPFB, Format, out var sender, out var media, out var fci)
            || fci.IsEmpty || fci.Length % 4 != 0)
        {
            return false;
        }

        nack = new GenericNack(sender, media, fci);
        return true;
    }

    /// <summary>Writes a generic NACK from ready-made items (at least one).</summary>
    public static bool TryWrite(Span<byte> dest, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<NackItem> items,
        out int written)
    {
        written = 0;
        var length = RtcpFeedback.HeaderSize + (4 * items.Length);
        if (items.IsEmpty || length > 0x40000 || dest.Length < length)
        {
            return false;
        }

        RtcpFeedback.Write(dest, RtcpPacketType.RTPFB, Format, length, senderSsrc, mediaSsrc);
        for (var i = 0; i < items.Length; i++)
        {
            WriteItem(dest, i, items[i]);
        }

        written = length;
        return true;
    }

    /// <summary>
    /// Writes a generic NACK naming the lost sequence numbers in <paramref name="lost"/> (ascending in
    /// wrap-around order, at least one), packed into as few items as that order allows.
    /// </summary>
    public static bool TryWrite(Span<byte> dest, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost,
        out int written)
    {
        written = 0;
        var itemCount = NackItem.CountItems(lost);
        var length = RtcpFeedback.HeaderSize + (4 * itemCount);
        if (itemCount == 0 || length > 0x40000 || dest.Length < length)
        {
            return false;
        }

        RtcpFeedback.Write(dest, RtcpPacketType.RTPFB, Format, length, senderSsrc, mediaSsrc);
        var builder = new NackItem.Builder();
        var index = 0;
        foreach (var seq in lost)
        {
            if (builder.Add(seq, out var closed))
            {
                WriteItem(dest, index++, closed);
            }
        }

        WriteItem(dest, index, builder.Current);
        written = length;
        return true;
    }

    private static void WriteItem(Span<byte> dest, int index, NackItem item)
    {
        var at = dest[(RtcpFeedback.HeaderSize + (4 * index))..];
        BinaryPrimitives.WriteUInt16BigEndian(at, item.PacketId);
        BinaryPrimitives.WriteUInt16BigEndian(at[2..], item.LostBitmask);
    }
}
