using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
/// RTPFB with FMT 15. A view over the packet bytes; walk the packets with <c>foreach</c> or <see cref="CopyTo"/>.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     SSRC of packet sender                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      SSRC of media source                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      base sequence number     |      packet status count      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 reference time                | fb pkt. count |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          packet chunk         |         packet chunk          |
/// .                                                               .
/// |         packet chunk          |  recv delta   |  recv delta   |
/// .                                                               .
/// |           recv delta          |  recv delta   | zero padding  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///
/// Run length chunk (§3.1.3)        Status vector chunk (§3.1.4)
/// |0| S |    run length (13)  |    |1|s| 14 × 1-bit (s=0) or 7 × 2-bit (s=1) symbols |
/// </code>
/// Symbols: 0 not received, 1 received with a 1-byte unsigned delta, 2 received with a 2-byte signed delta,
/// 3 reserved (rejected, as libwebrtc does). Deltas are in 250 µs ticks, one per received packet in order.
/// The reference time counts 64 ms ticks in 24 bits (it wraps about every 12.4 days); it is read unsigned.
/// Chunks may describe more symbols than the status count; the extra ones are ignored.
/// </summary>
public readonly ref partial struct TransportCc
{
    /// <summary>FMT value of transport-wide feedback.</summary>
    public const int Format = 15;

    /// <summary>Receive delta unit.</summary>
    public const int DeltaTickMicroseconds = 250;

    /// <summary>Reference time unit.</summary>
    public const long ReferenceTimeTickMicroseconds = 64_000;

    private const int FixedFciSize = 8;

    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;

    private TransportCc(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci, ReadOnlySpan<byte> chunks,
        ReadOnlySpan<byte> deltas, int receivedCount)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        BaseSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(fci);
        PacketStatusCount = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        ReferenceTime = (int)(BinaryPrimitives.ReadUInt32BigEndian(fci[4..]) >> 8);
        FeedbackPacketCount = fci[7];
        ReceivedCount = receivedCount;
        _chunks = chunks;
        _deltas = deltas;
    }

    /// <summary>SSRC of the feedback sender.</summary>
    public uint SenderSsrc { get; }
    /// <summary>Media source field (libwebrtc puts the first media SSRC here; it carries no meaning).</summary>
    public uint MediaSsrc { get; }
    /// <summary>Transport-wide sequence number of the first packet described.</summary>
    public ushort BaseSequenceNumber { get; }
    /// <summary>Number of packets described, starting at <see cref="BaseSequenceNumber"/> (at least 1).</summary>
    public int PacketStatusCount { get; }
    /// <summary>Reference time in 64 ms ticks, 0..2^24−1.</summary>
    public int ReferenceTime { get; }
    /// <summary><see cref="ReferenceTime"/> in microseconds.</summary>
    public long ReferenceTimeMicroseconds => ReferenceTime * ReferenceTimeTickMicroseconds;
    /// <summary>Feedback packet counter, incremented by the sender per feedback (wraps at 256).</summary>
    public byte FeedbackPacketCount { get; }
    /// <summary>How many of the described packets were received.</summary>
    public int ReceivedCount { get; }

    /// <summary>Enumerates every described packet in sequence order.</summary>
    public PacketEnumerator GetEnumerator() =>
        new(_chunks, _deltas, BaseSequenceNumber, PacketStatusCount, ReferenceTimeMicroseconds);

    /// <summary>Copies the described packets into <paramref name="dest"/>; returns how many fit.</summary>
    public int CopyTo(Span<TransportCcPacket> dest)
    {
        var count = 0;
        foreach (var packet in this)
        {
            if (count == dest.Length)
            {
                break;
            }

            dest[count++] = packet;
        }

        return count;
    }

    /// <summary>
    /// The packet status count a transport-wide feedback declares, read without walking its chunks, so a receiver can
    /// refuse feedback that would cost too much before parsing it (<see cref="TryParse"/> is linear in the count).
    /// False when <paramref name="packet"/> is not transport-wide feedback with a complete fixed part.
    /// </summary>
    public static bool TryReadStatusCount(ReadOnlySpan<byte> packet, out int statusCount)
    {
        statusCount = 0;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.RTPFB, Format, out _, out _, out var fci) || fci.Length < FixedFciSize)
        {
            return false;
        }

        statusCount = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        return true;
    }

    /// <summary>
    /// Parses and validates: chunks covering the status count, no reserved symbol, every delta inside the packet.
    /// Linear in the status count (at most 65 535) plus the chunks; never more than the packet's length in chunks.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out TransportCc feedback)
    {
        feedback = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.RTPFB, Format, out var sender, out var media, out var fci)
            || fci.Length < FixedFciSize)
        {
            return false;
        }

        int statusCount = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        if (statusCount == 0)
        {
            return false;
        }

        var position = FixedFciSize;
        int covered = 0, deltaBytes = 0, received = 0;
        while (covered < statusCount)
        {
            if (position + 2 > fci.Length)
            {
                return false;
            }

            var chunk = BinaryPrimitives.ReadUInt16BigEndian(fci[position..]);
            position += 2;
            var symbols = ChunkSymbolCount(chunk, statusCount - covered);
            for (var i = 0; i < symbols; i++)
            {
                var symbol = ChunkSymbol(chunk, i);
                if (symbol == 3)
                {
                    return false;
                }

                deltaBytes += symbol;
                received += symbol == 0 ? 0 : 1;
            }

            covered += symbols;
        }

        if (position + deltaBytes > fci.Length)
        {
            return false;
        }

        feedback = new TransportCc(sender, media, fci, fci[FixedFciSize..position], fci.Slice(position, deltaBytes),
            received);
        return true;
    }

    /// <summary>Symbols the chunk contributes when <paramref name="remaining"/> statuses are still to be described.</summary>
    private static int ChunkSymbolCount(ushort chunk, int remaining)
    {
        var capacity = (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;
        return Math.Min(capacity, remaining);
    }

    /// <summary>The symbol at <paramref name="index"/> of a chunk; the symbol value is also the delta size in bytes.</summary>
    private static int ChunkSymbol(ushort chunk, int index) =>
        (chunk & 0x8000) == 0 ? (chunk >> 13) & 3
        : (chunk & 0x4000) == 0 ? (chunk >> (13 - index)) & 1
        : (chunk >> (12 - (2 * index))) & 3;

    /// <summary>Walks the packets of a validated feedback message.</summary>
    public ref struct PacketEnumerator
    {
        private readonly ReadOnlySpan<byte> _chunks;
        private readonly ReadOnlySpan<byte> _deltas;
        private int _chunkPosition;
        private int _deltaPosition;
        private ushort _chunk;
        private int _inChunk;
        private int _chunkSymbols;
        private int _left;
        private ushort _sequenceNumber;
        private long _time;

        internal PacketEnumerator(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequenceNumber,
            int count, long referenceTimeMicroseconds)
        {
            _chunks = chunks;
            _deltas = deltas;
            _left = count;
            _sequenceNumber = baseSequenceNumber;
            _time = referenceTimeMicroseconds;
            Current = default;
        }

        /// <summary>The current packet.</summary>
        public TransportCcPacket Current { get; private set; }

        /// <summary>Advances to the next packet.</summary>
        public bool MoveNext()
        {
            if (_left == 0)
            {
                return false;
            }

            while (_inChunk == _chunkSymbols)
            {
                if (_chunkPosition + 2 > _chunks.Length)
                {
                    _left = 0;
                    return false;
                }

                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks[_chunkPosition..]);
                _chunkPosition += 2;
                _chunkSymbols = ChunkSymbolCount(_chunk, _left);
                _inChunk = 0;
            }

            var symbol = ChunkSymbol(_chunk, _inChunk++);
            short delta = 0;
            if (symbol == 1)
            {
                delta = _deltas[_deltaPosition++];
            }
            else if (symbol == 2)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(_deltas[_deltaPosition..]);
                _deltaPosition += 2;
            }

            _time += delta * (long)DeltaTickMicroseconds;
            Current = new TransportCcPacket(_sequenceNumber, (TransportCcStatus)symbol, delta, symbol == 0 ? 0 : _time);
            _sequenceNumber++;
            _left--;
            return true;
        }
    }
}
