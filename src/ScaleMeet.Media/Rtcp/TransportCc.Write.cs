using System.Buffers;
using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>Writing transport-wide feedback: from per-packet statuses and deltas, or from arrival times.</summary>
public readonly ref partial struct TransportCc
{
    /// <summary>Arrival time meaning "not received" in <see cref="TryWriteFromArrivals"/> (any negative value does).</summary>
    public const long NotReceived = -1;

    private const int MaxRunLength = 0x1FFF;

    /// <summary>
    /// Writes feedback for <paramref name="packets"/> (consecutive sequence numbers from
    /// <paramref name="baseSequenceNumber"/>; their own sequence numbers and arrival times are not used).
    /// Chunks are chosen greedily: a run-length chunk for runs of 14 or more (or the final run), else a 1-bit
    /// vector when the next 14 symbols need no large delta, else a 2-bit vector. Like libwebrtc, the message
    /// is padded to 32 bits with RTCP padding (P set, last byte the count). False when a small delta is
    /// outside 0..255, a status is unknown, the list is empty or over 65535, or <paramref name="dest"/> is too small.
    /// </summary>
    public static bool TryWrite(Span<byte> dest, uint senderSsrc, uint mediaSsrc, ushort baseSequenceNumber,
        int referenceTime, byte feedbackPacketCount, ReadOnlySpan<TransportCcPacket> packets, out int written)
    {
        written = 0;
        if (packets.IsEmpty || packets.Length > ushort.MaxValue)
        {
            return false;
        }

        int chunkCount = 0, deltaBytes = 0;
        foreach (var packet in packets)
        {
            switch (packet.Status)
            {
                case TransportCcStatus.NotReceived:
                    break;
                case TransportCcStatus.SmallDelta when packet.DeltaTicks is >= 0 and <= 255:
                    deltaBytes += 1;
                    break;
                case TransportCcStatus.LargeDelta:
                    deltaBytes += 2;
                    break;
                default:
                    return false;
            }
        }

        for (var rest = packets; !rest.IsEmpty; chunkCount++)
        {
            rest = rest[EncodeChunk(rest, out _)..];
        }

        var unpadded = RtcpFeedback.HeaderSize + FixedFciSize + (2 * chunkCount) + deltaBytes;
        var length = (unpadded + 3) & ~3;
        if (dest.Length < length)
        {
            return false;
        }

        RtcpFeedback.Write(dest, RtcpPacketType.RTPFB, Format, length, senderSsrc, mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(dest[12..], baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(dest[14..], (ushort)packets.Length);
        BinaryPrimitives.WriteUInt32BigEndian(dest[16..], ((uint)referenceTime << 8) | feedbackPacketCount);

        var position = RtcpFeedback.HeaderSize + FixedFciSize;
        for (var rest = packets; !rest.IsEmpty; position += 2)
        {
            rest = rest[EncodeChunk(rest, out var chunk)..];
            BinaryPrimitives.WriteUInt16BigEndian(dest[position..], chunk);
        }

        foreach (var packet in packets)
        {
            if (packet.Status == TransportCcStatus.SmallDelta)
            {
                dest[position++] = (byte)packet.DeltaTicks;
            }
            else if (packet.Status == TransportCcStatus.LargeDelta)
            {
                BinaryPrimitives.WriteInt16BigEndian(dest[position..], packet.DeltaTicks);
                position += 2;
            }
        }

        if (length > unpadded)
        {
            dest[unpadded..length].Clear();
            dest[length - 1] = (byte)(length - unpadded);
            dest[0] |= 0x20;
        }

        written = length;
        return true;
    }

    /// <summary>
    /// Turns arrival times (µs on the receiver's monotonic clock, negative = not received) of packets
    /// <paramref name="baseSequenceNumber"/>, +1, … into feedback entries the way a receiver would: the
    /// reference time is the first received arrival rounded down to 64 ms, each delta is rounded to 250 µs from
    /// the previous reconstructed time so errors do not add up. Returns the entry count, or −1 when a gap
    /// between received packets does not fit a 16-bit delta (±8.19 s). <paramref name="dest"/> must hold one
    /// entry per arrival time.
    /// </summary>
    public static int BuildPackets(ushort baseSequenceNumber, ReadOnlySpan<long> arrivalTimesMicroseconds,
        Span<TransportCcPacket> dest, out int referenceTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dest.Length, arrivalTimesMicroseconds.Length, nameof(dest));
        referenceTime = 0;
        long last = 0;
        var started = false;
        for (var i = 0; i < arrivalTimesMicroseconds.Length; i++)
        {
            var arrival = arrivalTimesMicroseconds[i];
            var sequenceNumber = (ushort)(baseSequenceNumber + i);
            if (arrival < 0)
            {
                dest[i] = new TransportCcPacket(sequenceNumber, TransportCcStatus.NotReceived, 0, 0);
                continue;
            }

            if (!started)
            {
                started = true;
                var ticks = arrival / ReferenceTimeTickMicroseconds;
                referenceTime = (int)(ticks & 0xFFFFFF);
                last = ticks * ReferenceTimeTickMicroseconds;
            }

            var diff = arrival - last;
            var delta = (diff + (diff < 0 ? -DeltaTickMicroseconds / 2 : DeltaTickMicroseconds / 2)) / DeltaTickMicroseconds;
            if (delta is < short.MinValue or > short.MaxValue)
            {
                return -1;
            }

            last += delta * DeltaTickMicroseconds;
            var status = delta is >= 0 and <= 255 ? TransportCcStatus.SmallDelta : TransportCcStatus.LargeDelta;
            dest[i] = new TransportCcPacket(sequenceNumber, status, (short)delta, last);
        }

        return arrivalTimesMicroseconds.Length;
    }

    /// <summary>
    /// <see cref="BuildPackets"/> then <see cref="TryWrite(Span{byte}, uint, uint, ushort, int, byte, ReadOnlySpan{TransportCcPacket}, out int)"/>,
    /// with scratch space from the stack or the shared array pool.
    /// </summary>
    public static bool TryWriteFromArrivals(Span<byte> dest, uint senderSsrc, uint mediaSsrc,
        ushort baseSequenceNumber, byte feedbackPacketCount, ReadOnlySpan<long> arrivalTimesMicroseconds,
        out int written)
    {
        written = 0;
        if (arrivalTimesMicroseconds.IsEmpty || arrivalTimesMicroseconds.Length > ushort.MaxValue)
        {
            return false;
        }

        TransportCcPacket[]? rented = null;
        var scratch = arrivalTimesMicroseconds.Length <= 256
            ? stackalloc TransportCcPacket[arrivalTimesMicroseconds.Length]
            : (rented = ArrayPool<TransportCcPacket>.Shared.Rent(arrivalTimesMicroseconds.Length));
        try
        {
            var count = BuildPackets(baseSequenceNumber, arrivalTimesMicroseconds, scratch, out var referenceTime);
            return count > 0 && TryWrite(dest, senderSsrc, mediaSsrc, baseSequenceNumber, referenceTime,
                feedbackPacketCount, scratch[..count], out written);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<TransportCcPacket>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Chooses the next chunk for the start of <paramref name="rest"/>; returns the symbols it covers.</summary>
    private static int EncodeChunk(ReadOnlySpan<TransportCcPacket> rest, out ushort chunk)
    {
        var first = (int)rest[0].Status;
        var run = 1;
        while (run < rest.Length && run < MaxRunLength && (int)rest[run].Status == first)
        {
            run++;
        }

        if (run >= 14 || run == rest.Length)
        {
            chunk = (ushort)((first << 13) | run);
            return run;
        }

        var oneBit = Math.Min(14, rest.Length);
        var needsTwoBits = false;
        for (var i = 0; i < oneBit; i++)
        {
            needsTwoBits |= rest[i].Status == TransportCcStatus.LargeDelta;
        }

        if (!needsTwoBits)
        {
            var bits = 0x8000;
            for (var i = 0; i < oneBit; i++)
            {
                bits |= (int)rest[i].Status << (13 - i);
            }

            chunk = (ushort)bits;
            return oneBit;
        }

        var twoBit = Math.Min(7, rest.Length);
        var symbols = 0xC000;
        for (var i = 0; i < twoBit; i++)
        {
            symbols |= (int)rest[i].Status << (12 - (2 * i));
        }

        chunk = (ushort)symbols;
        return twoBit;
    }
}
