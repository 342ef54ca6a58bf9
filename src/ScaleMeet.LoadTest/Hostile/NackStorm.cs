using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.LoadTest.Hostile;

/// <summary>
/// A NACK storm (RFC 4585 §6.2.1 generic NACK): one RTCP compound packed with NACK packets for one stream. Each
/// packet has <see cref="ItemsPerPacket"/> PID/BLP items naming 17 sequence numbers each (BLP = 0xFFFF), walking back
/// from the newest received number over the last <c>span</c> numbers and starting over, so every number is asked
/// for many times within one compound and again in the next. 26 packets make 1144 bytes: the compound that made a
/// bridge without budgets retransmit 1664 packets. Thread-safe (stateless); writes into the caller's buffer.
/// </summary>
public static class NackStorm
{
    /// <summary>Items per NACK packet (8, the most an unbudgeted bridge read per packet).</summary>
    public const int ItemsPerPacket = 8;

    /// <summary>Bytes of one NACK packet: feedback header and 8 items.</summary>
    public const int PacketLength = RtcpFeedback.HeaderSize + (4 * ItemsPerPacket);

    /// <summary>Sequence numbers one item names.</summary>
    public const int NumbersPerItem = 17;

    /// <summary>
    /// Writes as many NACK packets as fit in <paramref name="length"/> bytes (at most <paramref name="destination"/>'s
    /// length) and returns the bytes written (a multiple of <see cref="PacketLength"/>; 0 when not even one fits).
    /// The items cover <paramref name="span"/> numbers up to <paramref name="newest"/> (rounded up to whole items).
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort newest, int span, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, NumbersPerItem);
        var itemsInSpan = span / NumbersPerItem;
        Span<NackItem> items = stackalloc NackItem[ItemsPerPacket];
        var packets = Math.Min(length, destination.Length) / PacketLength;
        var item = 0;
        for (var p = 0; p < packets; p++)
        {
            for (var i = 0; i < ItemsPerPacket; i++, item++)
            {
                // Item k names newest − 17k − 16 … newest − 17k.
                var pid = unchecked((ushort)(newest - (NumbersPerItem * (item % itemsInSpan)) - (NumbersPerItem - 1)));
                items[i] = new NackItem(pid, 0xFFFF);
            }

            if (!GenericNack.TryWrite(destination[(p * PacketLength)..], senderSsrc, mediaSsrc, items, out _))
            {
                return p * PacketLength;
            }
        }

        return packets * PacketLength;
    }
}
