using System.Numerics;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// One generic NACK FCI entry (RFC 4585 §6.2.1): a lost packet id and a bitmask of the 16 that follow it.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            PID                |             BLP               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Bit i of BLP (least significant first) set means PID + i + 1 is lost too.
/// </summary>
public readonly struct NackItem
{
    /// <summary>Creates an item.</summary>
    public NackItem(ushort packetId, ushort lostBitmask)
    {
        PacketId = packetId;
        LostBitmask = lostBitmask;
    }

    /// <summary>PID: sequence number of a lost packet.</summary>
    public ushort PacketId { get; }

    /// <summary>BLP: which of the 16 following packets are lost as well.</summary>
    public ushort LostBitmask { get; }

    /// <summary>Number of lost packets this item names (1..17).</summary>
    public int LostCount => 1 + BitOperations.PopCount(LostBitmask);

    /// <summary>Writes the lost sequence numbers in order; returns how many were written (limited by <paramref name="dest"/>).</summary>
    public int CopyLostTo(Span<ushort> dest)
    {
        if (dest.IsEmpty)
        {
            return 0;
        }

        dest[0] = PacketId;
        var count = 1;
        for (var bit = 0; bit < 16 && count < dest.Length; bit++)
        {
            if ((LostBitmask & (1 << bit)) != 0)
            {
                dest[count++] = (ushort)(PacketId + bit + 1);
            }
        }

        return count;
    }

    /// <summary>
    /// Packs lost sequence numbers (in ascending wrap-around order; duplicates are skipped) into items; returns
    /// the number of items written. Numbers that do not fit in <paramref name="items"/> are left out, so size it
    /// with <see cref="CountItems"/> when the list may be long.
    /// </summary>
    public static int Build(ReadOnlySpan<ushort> lost, Span<NackItem> items)
    {
        var builder = new Builder();
        var count = 0;
        foreach (var seq in lost)
        {
            if (builder.Add(seq, out var done))
            {
                if (count == items.Length)
                {
                    return count;
                }

                items[count++] = done;
            }
        }

        if (builder.HasItem && count < items.Length)
        {
            items[count++] = builder.Current;
        }

        return count;
    }

    /// <summary>How many items <see cref="Build"/> produces for <paramref name="lost"/>.</summary>
    public static int CountItems(ReadOnlySpan<ushort> lost)
    {
        var builder = new Builder();
        var count = 0;
        foreach (var seq in lost)
        {
            if (builder.Add(seq, out _))
            {
                count++;
            }
        }

        return builder.HasItem ? count + 1 : count;
    }

    /// <summary>Accumulates lost numbers into the current item and hands back items as they close.</summary>
    internal struct Builder
    {
        private ushort _pid;
        private ushort _blp;

        public bool HasItem { get; private set; }

        public readonly NackItem Current => new(_pid, _blp);

        /// <summary>Adds <paramref name="seq"/>; true when that closed the previous item (returned in <paramref name="closed"/>).</summary>
        public bool Add(ushort seq, out NackItem closed)
        {
            closed = default;
            if (HasItem)
            {
                var diff = SequenceNumber.Diff(seq, _pid);
                if (diff == 0)
                {
                    return false;
                }

                if (diff is >= 1 and <= 16)
                {
                    _blp |= (ushort)(1 << (diff - 1));
                    return false;
                }

                closed = Current;
            }

            var hadItem = HasItem;
            _pid = seq;
            _blp = 0;
            HasItem = true;
            return hadItem;
        }
    }
}
